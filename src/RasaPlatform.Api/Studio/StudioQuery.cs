using System.Globalization;
using System.Text.Json;
using GraphQL;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.RawConversations;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Api.Studio;

/// <summary>The schema's queries, with the REST routes' semantics: <c>GET /rawConversations</c> and <c>GET /conversationTags</c>.</summary>
/// <remarks>
/// To a token limited to other assistants, an assistant has no conversations and no tags, as on the REST routes. A
/// refused input throws <see cref="InvalidEventException"/>, which the executor answers as <c>BAD_USER_INPUT</c>.
/// </remarks>
internal sealed class StudioQuery(IRawConversationStore store, TagService tags, AssistantAccess access)
{
    private const string AssistantName = "assistantName";
    private const string AssistantId = "assistantId";

    [GraphQLMetadata("rawConversations")]
    public async Task<StudioConversations> RawConversationsAsync(RawConversationsInput input, CancellationToken cancellationToken)
    {
        var (field, assistant) = (input.AssistantName, input.AssistantId) switch
        {
            ({ } name, null) => (AssistantName, name),
            (null, { } id) => (AssistantId, id),
            _ => throw new InvalidEventException(
                AssistantName,
                $"Give exactly one of '{AssistantName}' (Rasa Studio's current name for it) and '{AssistantId}' (its older one)."),
        };
        var query = RawConversationArguments.Query(field, assistant, input.FromTime, input.ToTime, input.Limit, input.Offset, input.Tags ?? []);
        if (!access.IsAllowed(query.Assistant))
        {
            return new StudioConversations([], 0);
        }

        long count = 0;
        var conversations = new List<StudioConversation>();
        List<JsonElement>? events = null;
        await foreach (var part in store.ReadAsync(query, cancellationToken).ConfigureAwait(false))
        {
            switch (part)
            {
                case RawConversationCount c:
                    count = c.Count;
                    break;
                case RawConversationStart start:
                    events = [];
                    conversations.Add(new StudioConversation(start.SenderId, events, [.. start.Tags.Select(Tag)]));
                    break;
                case RawConversationEvent e:
                    using (var document = JsonDocument.Parse(e.Json))
                    {
                        events!.Add(document.RootElement.Clone());
                    }

                    break;
            }
        }

        return new StudioConversations(conversations, count);
    }

    [GraphQLMetadata("conversationTags")]
    public async Task<IReadOnlyList<StudioTag>> ConversationTagsAsync(ConversationTagsInput input, CancellationToken cancellationToken)
    {
        var assistant = TagArguments.Assistant(AssistantName, input.AssistantName);
        return access.IsAllowed(assistant)
            ? [.. (await tags.ListAsync(assistant, AssistantName, cancellationToken).ConfigureAwait(false)).Select(Tag)]
            : [];
    }

    /// <summary>A tag as the schema's <c>ConversationTag</c>.</summary>
    public static StudioTag Tag(ConversationTag tag) =>
        new(tag.Id.ToString(CultureInfo.InvariantCulture), tag.Name, tag.Assistant);
}
