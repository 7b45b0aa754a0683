using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Dumps;

namespace RasaPlatform.Api.Dumps;

/// <summary>Debug dumps of one conversation (Rasa X Messaging API): JSON and Markdown attachments, streamed.</summary>
internal sealed class DumpsApi(DebugDumpService dumps) : IDumpsController
{
    public async Task<ActionResult<Conversation>> DownloadJsonAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken)
    {
        var dump = await dumps.OpenJsonDumpAsync(sender_id, until, use_history, cancellationToken).ConfigureAwait(false);
        return dump is null
            ? NotFound(sender_id)
            : new AttachmentResult($"{sender_id}-dump.json", "application/json; charset=utf-8", (body, token) => JsonDumpWriter.WriteAsync(body, dump, token));
    }

    public async Task<ActionResult<string>> DownloadMarkdownAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken)
    {
        var dump = await dumps.OpenMarkdownDumpAsync(sender_id, until, use_history, cancellationToken).ConfigureAwait(false);
        return dump is null
            ? NotFound(sender_id)
            : new AttachmentResult($"{sender_id}-story.md", "text/markdown; charset=utf-8", (body, token) => MarkdownDumpWriter.WriteAsync(body, dump, token));
    }

    private static ObjectResult NotFound(string senderId) => Problems.NoSuchConversation(senderId);
}
