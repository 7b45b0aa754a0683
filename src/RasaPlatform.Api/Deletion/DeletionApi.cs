using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Conversations;

namespace RasaPlatform.Api.Deletion;

/// <summary>Deleting conversations, one (204 or 404) or a list (Rasa Studio's <c>deleteConversations</c>: how many were).</summary>
internal sealed class DeletionApi(ConversationService conversations) : IDeletionController
{
    private const string IdsField = "conversation_ids";

    public async Task<IActionResult> DeleteConversationAsync(string sender_id, CancellationToken cancellationToken) =>
        await conversations.DeleteAsync(sender_id, cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : Problems.NotFound($"No conversation with sender id '{sender_id}' is stored.");

    public async Task<ActionResult<ConversationDeletionResult>> DeleteConversationsAsync(ConversationDeletion body, CancellationToken cancellationToken)
    {
        if (body.Conversation_ids is not { } ids)
        {
            return Problems.Invalid(IdsField, $"'{IdsField}' is required: a list of sender ids, which may be empty.");
        }

        var deleted = await conversations.DeleteAsync(ids, IdsField, cancellationToken).ConfigureAwait(false);
        return new ConversationDeletionResult { Deleted = deleted };
    }
}
