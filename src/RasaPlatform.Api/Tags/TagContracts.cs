namespace RasaPlatform.Api.Tags;

/// <summary>Tags as the wire shows them.</summary>
internal static class TagContracts
{
    public static Generated.ConversationTag From(Core.Tags.ConversationTag tag) =>
        new() { Id = tag.Id, Name = tag.Name, AssistantId = tag.Assistant };
}
