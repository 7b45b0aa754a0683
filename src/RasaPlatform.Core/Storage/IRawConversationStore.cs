using RasaPlatform.Core.RawConversations;

namespace RasaPlatform.Core.Storage;

/// <summary>Pages of an assistant's conversations with every stored event, for export (Rasa Studio's <c>rawConversations</c>).</summary>
/// <remarks>
/// A conversation's assistant and event times are those the metadata job saved (normally well under a second behind a
/// write), as in the listing: a conversation shows once the job has folded it. Its events and tags are read as they
/// are. A page reads one snapshot, streamed: the count, the page and its events agree with each other.
/// </remarks>
public interface IRawConversationStore
{
    /// <summary>The count, then each conversation of the page with its events (see <see cref="RawConversationPart"/>).</summary>
    IAsyncEnumerable<RawConversationPart> ReadAsync(RawConversationQuery query, CancellationToken cancellationToken);
}
