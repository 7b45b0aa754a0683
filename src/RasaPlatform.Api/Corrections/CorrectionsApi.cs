using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Corrections;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.Corrections;

/// <summary>Intent corrections of user messages (Rasa X's review): set (201, or 200 replacing one) and remove (200, idempotent).</summary>
/// <remarks>
/// The body is checked before the store is asked, so a bad name changes nothing and is a 400 whether or not the
/// conversation exists; another assistant's conversation never gets here (<see cref="Access.AssistantAccessFilter"/>).
/// </remarks>
internal sealed class CorrectionsApi(IIntentCorrectionStore corrections) : ICorrectionsController
{
    private const string TimestampField = "message_timestamp";

    private const string IntentField = "intent";

    public async Task<IActionResult> SetIntentAsync(string sender_id, double message_timestamp, IntentCorrectionBody body, CancellationToken cancellationToken)
    {
        SenderIds.Validate(sender_id);
        if (!double.IsFinite(message_timestamp))
        {
            return NotANumber();
        }

        var intent = CorrectionArguments.Intent(IntentField, body.Intent);
        return await corrections.SetAsync(sender_id, message_timestamp, intent, cancellationToken).ConfigureAwait(false) switch
        {
            CorrectionResult.Created => new StatusCodeResult(StatusCodes.Status201Created),
            CorrectionResult.Replaced => new OkResult(),
            var other => NotFound(other, sender_id, message_timestamp),
        };
    }

    public async Task<IActionResult> RemoveIntentAsync(string sender_id, double message_timestamp, CancellationToken cancellationToken)
    {
        SenderIds.Validate(sender_id);
        if (!double.IsFinite(message_timestamp))
        {
            return NotANumber();
        }

        var result = await corrections.RemoveAsync(sender_id, message_timestamp, cancellationToken).ConfigureAwait(false);
        return result == CorrectionResult.Removed ? new OkResult() : NotFound(result, sender_id, message_timestamp);
    }

    private static ObjectResult NotANumber() =>
        Problems.Invalid(TimestampField, $"'{TimestampField}' must be a finite number of Unix seconds.");

    private static ObjectResult NotFound(CorrectionResult result, string senderId, double timestamp) => result switch
    {
        CorrectionResult.NoSuchConversation => Problems.NoSuchConversation(senderId),
        CorrectionResult.NoSuchUserMessage => Problems.NotFound(
            TimestampField,
            $"Conversation '{senderId}' has no user message at exactly timestamp {timestamp.ToString("R", CultureInfo.InvariantCulture)}."),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };
}
