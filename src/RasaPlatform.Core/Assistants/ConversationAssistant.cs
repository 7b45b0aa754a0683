using Microsoft.Extensions.Options;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Assistants;

/// <summary>
/// The assistant a stored conversation belongs to, as it is stored now: the <c>metadata.assistant_id</c> of its last
/// event that names one (<see cref="Access.AssistantIds.Of"/>), or <see cref="AssistantOptions.Default"/> when none does.
/// </summary>
/// <remarks>
/// Read from the metadata job's fold when that fold is of the conversation's current revision, and otherwise folded
/// from the events here, so that a conversation is judged by what is stored, not by what the job saw last.
/// </remarks>
public sealed class ConversationAssistant(IConversationAssistants assistants, MetadataProjector projector, IOptions<AssistantOptions> options)
{
    /// <summary>The conversation's assistant, or null when nothing is stored for <paramref name="senderId"/>.</summary>
    public async Task<string?> OfAsync(string senderId, CancellationToken cancellationToken) =>
        await assistants.FindAsync(senderId, cancellationToken).ConfigureAwait(false) switch
        {
            null => null,
            { IsCurrent: true } folded => options.Value.Resolve(folded.AssistantId),

            // The projector's own fold, so that both read the assistant by one rule.
            _ => (await projector.BuildAsync(senderId, cancellationToken).ConfigureAwait(false)).AssistantId,
        };
}
