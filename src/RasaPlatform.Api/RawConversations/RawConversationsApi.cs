using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.RawConversations;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.RawConversations;

/// <summary>An assistant's conversations with every stored event (Rasa Studio's <c>rawConversations</c>), streamed.</summary>
internal sealed class RawConversationsApi(IRawConversationStore store) : IRawConversationsController
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
            (body, token) => RawConversationWriter.WriteAsync(body, store.ReadAsync(query, token), query.Offset, token)));
    }
}
