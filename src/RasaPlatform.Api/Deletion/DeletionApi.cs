using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Conversations;

namespace RasaPlatform.Api.Deletion;

/// <summary>Deleting conversations, one (204 or 404) or a list (Rasa Studio's <c>deleteConversations</c>: how many were).</summary>
/// <remarks>
/// A token limited to assistants deletes only its assistants' conversations: the others count as unknown ids. One
/// conversation of another assistant never reaches here (<see cref="Access.AssistantAccessFilter"/>).
/// </remarks>
internal sealed class DeletionApi(ConversationService conversations, ConversationAccess access) : IDeletionController
{
    private const string IdsField = "conversation_ids";

    public async Task<IActionResult> DeleteConversationAsync(string sender_id, CancellationToken cancellationToken) =>
        await conversations.DeleteAsync(sender_id, cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : Problems.NoSuchConversation(sender_id);

    public async Task<ActionResult<ConversationDeletionResult>> DeleteConversationsAsync(ConversationDeletion body, CancellationToken cancellationToken)
    {
        if (body.Conversation_ids is not { } ids)
        {
            return Problems.Invalid(IdsField, $"'{IdsField}' is required: a list of sender ids, which may be empty.");
        }

        ConversationService.ValidateDeletion(ids, IdsField);
        var visible = await access.VisibleAsync(ids, cancellationToken).ConfigureAwait(false);
        var deleted = await conversations.DeleteAsync(visible, IdsField, cancellationToken).ConfigureAwait(false);
        return new ConversationDeletionResult { Deleted = deleted };
    }
}
