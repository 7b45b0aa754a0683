using NodaTime;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Corrections;

/// <summary>The corrected user messages as Rasa NLU training data (what Rasa X wrote into a project's NLU data).</summary>
/// <remarks>
/// <para>
/// Each corrected <c>user</c> event whose own timestamp lies in the requested bounds gives its text, with its own
/// entities inline (<see cref="NluExample"/>), as an example of the corrected intent. One example per distinct text:
/// the latest correction wins (then the later message, then the greater sender id, so the choice never depends on
/// the store's order), and the text appears under that intent only, as Rasa X replaced an earlier example.
/// </para>
/// <para>
/// A conversation counts when the request may reach its assistant and the assistant is among those asked for, both
/// judged by its events as stored now (<see cref="ConversationAccess.AssistantOfAsync"/>), as every other read of a
/// conversation does. One instance serves one request (scoped), as <see cref="ConversationAccess"/> does. The file
/// is built in memory: corrections are made by people, one message at a time.
/// </para>
/// </remarks>
public sealed class CorrectionExport(IIntentCorrectionStore corrections, ConversationAccess access)
{
    /// <summary>The training data file, UTF-8 text.</summary>
    /// <param name="start">Inclusive lower bound on the messages' timestamps; null for none.</param>
    /// <param name="until">Inclusive upper bound; null for none.</param>
    /// <param name="assistants">The assistants whose conversations count (already limited to the request's); null for every one.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<string> TrainingDataAsync(Instant? start, Instant? until, IReadOnlySet<string>? assistants, CancellationToken cancellationToken)
    {
        // By the text Rasa reads: the latest correction of it and its line.
        var latest = new Dictionary<string, (CorrectedUserMessage Message, string Line)>(StringComparer.Ordinal);
        await foreach (var message in corrections.ReadCorrectedMessagesAsync(Seconds(start), Seconds(until), cancellationToken).ConfigureAwait(false))
        {
            if (Example(message) is not { } example || !await CountsAsync(message.SenderId, assistants, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (!latest.TryGetValue(example.Text, out var current) || IsLater(message, current.Message))
            {
                latest[example.Text] = (message, example.Line);
            }
        }

        var byIntent = latest.Values.GroupBy(l => l.Message.Intent, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)[.. g.Select(l => l.Line)], StringComparer.Ordinal);
        return NluTrainingData.Write(byIntent);
    }

    /// <summary>The message's text as Rasa will read it and its example line; null for a message without a text to train on.</summary>
    private static (string Text, string Line)? Example(CorrectedUserMessage message)
    {
        var e = DumpEvent.Parse(new StoredEvent(0, EventTypes.User, message.MessageTimestamp, message.EventJson));
        return e.Text is { } text && NluExample.Plain(text) is { Length: > 0 } plain && NluExample.Line(text, e.Entities) is { } line
            ? (plain, line)
            : null;
    }

    private async Task<bool> CountsAsync(string senderId, IReadOnlySet<string>? assistants, CancellationToken cancellationToken)
    {
        if (assistants is null && !access.Access.IsLimited)
        {
            return true;
        }

        return await access.AssistantOfAsync(senderId, cancellationToken).ConfigureAwait(false) is { } assistant
            && access.Access.IsAllowed(assistant)
            && (assistants is null || assistants.Contains(assistant));
    }

    /// <summary>Whether <paramref name="candidate"/> wins over <paramref name="current"/>: corrected later, then the later message, then the greater sender id.</summary>
    private static bool IsLater(CorrectedUserMessage candidate, CorrectedUserMessage current)
    {
        if (candidate.CorrectedAt != current.CorrectedAt)
        {
            return candidate.CorrectedAt > current.CorrectedAt;
        }

        return candidate.MessageTimestamp != current.MessageTimestamp
            ? candidate.MessageTimestamp > current.MessageTimestamp
            : string.CompareOrdinal(candidate.SenderId, current.SenderId) > 0;
    }

    private static double? Seconds(Instant? instant) => instant?.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
}
