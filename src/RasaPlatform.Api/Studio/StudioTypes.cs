using System.Text.Json;

namespace RasaPlatform.Api.Studio;

// What the Studio schema's resolvers take and answer; the schema's fields resolve to these properties by name.

/// <summary><c>RawConversationsInput</c>.</summary>
internal sealed class RawConversationsInput
{
    public string? AssistantName { get; set; }

    public string? AssistantId { get; set; }

    public string? FromTime { get; set; }

    public string? ToTime { get; set; }

    public int Limit { get; set; } = 10;

    public int Offset { get; set; }

    public List<string>? Tags { get; set; }
}

/// <summary><c>ConversationTagsInput</c>.</summary>
internal sealed class ConversationTagsInput
{
    public string? AssistantName { get; set; }
}

/// <summary><c>AddConversationTagToConversationInput</c> and <c>RemoveConversationTagFromConversationInput</c>.</summary>
internal sealed class ConversationTagLinkInput
{
    public string ConversationId { get; set; } = "";

    public string TagId { get; set; } = "";
}

/// <summary><c>DeleteConversationsInput</c>.</summary>
internal sealed class DeleteConversationsInput
{
    public List<string> ConversationIds { get; set; } = [];
}

/// <summary><c>ConversationTag</c>.</summary>
internal sealed record StudioTag(string Id, string Name, string AssistantId);

/// <summary><c>RawConversation</c>.</summary>
internal sealed record StudioConversation(string Id, IReadOnlyList<JsonElement> ConversationEvents, IReadOnlyList<StudioTag> Tags);

/// <summary><c>RawConversationsOutput</c>.</summary>
internal sealed record StudioConversations(IReadOnlyList<StudioConversation> Conversations, long Count);
