using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.RawConversations;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.RawConversations;

/// <summary>An assistant's conversations with every stored event (Rasa Studio's <c>rawConversations</c>), streamed.</summary>
/// <remarks>
/// To a token limited to other assistants, the assistant has no conversations: the page is empty and its count 0.
/// </remarks>
internal sealed class RawConversationsApi(IRawConversationStore store, AssistantAccess access) : IRawConversationsController
{
    public Task<ActionResult<RawConversationsPage>> GetRawConversationsAsync(
        string assistantName,
        string? fromTime,
        string? toTime,
        int limit,
        int offset,
        string? tags,
        CancellationToken cancellationToken)
    {
        var query = RawConversationArguments.Query(assistantName, fromTime, toTime, limit, offset, tags);
        return Task.FromResult<ActionResult<RawConversationsPage>>(new StreamedResult(
            "application/json; charset=utf-8",
            (body, token) => RawConversationWriter.WriteAsync(
                body,
                access.IsAllowed(query.Assistant) ? store.ReadAsync(query, token) : NoConversations(),
                query.Offset,
                token)));
    }

    /// <summary>What the store yields for an assistant without conversations.</summary>
    private static async IAsyncEnumerable<RawConversationPart> NoConversations()
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return new RawConversationCount(0);
    }
}
