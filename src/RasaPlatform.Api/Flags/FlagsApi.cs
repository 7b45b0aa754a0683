using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.Flags;

/// <summary>Flags on messages (Rasa X Messaging API): flag and unflag, each idempotent, 404 when nothing matches.</summary>
internal sealed class FlagsApi(IFlagStore flags) : IFlagsController
{
    private const string TimestampField = "message_timestamp";

    public async Task<IActionResult> FlagMessageAsync(string sender_id, double message_timestamp, CancellationToken cancellationToken)
    {
        SenderIds.Validate(sender_id);
        if (!double.IsFinite(message_timestamp))
        {
            return NotANumber();
        }

        var result = await flags.FlagAsync(sender_id, message_timestamp, cancellationToken).ConfigureAwait(false);
        return result == FlagResult.Flagged ? new StatusCodeResult(StatusCodes.Status201Created) : NotFound(result, sender_id, message_timestamp);
    }

    public async Task<IActionResult> UnflagMessageAsync(string sender_id, double message_timestamp, CancellationToken cancellationToken)
    {
        SenderIds.Validate(sender_id);
        if (!double.IsFinite(message_timestamp))
        {
            return NotANumber();
        }

        var result = await flags.UnflagAsync(sender_id, message_timestamp, cancellationToken).ConfigureAwait(false);
        return result == FlagResult.Unflagged ? new OkResult() : NotFound(result, sender_id, message_timestamp);
    }

    private static ObjectResult NotANumber() =>
        Problems.Invalid(TimestampField, $"'{TimestampField}' must be a finite number of Unix seconds.");

    private static ObjectResult NotFound(FlagResult result, string senderId, double timestamp) => result switch
    {
        FlagResult.NoSuchConversation => Problems.NoSuchConversation(senderId),
        FlagResult.NoSuchMessage => Problems.NotFound(
            $"Conversation '{senderId}' has no message (user, bot or agent event) at exactly timestamp {timestamp.ToString("R", CultureInfo.InvariantCulture)}."),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };
}
