using System.Globalization;
using System.Security.Claims;
using GraphQL;
using RasaPlatform.Api.Access;
using RasaPlatform.Api.Tags;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Api.Studio;

/// <summary>
/// The schema's mutations, with the REST routes' semantics and messages: tagging (<see cref="TagLinks"/>), untagging
/// and list deletion. They need a <c>manage</c> token; a <c>view</c> token gets <c>FORBIDDEN</c> and nothing changes.
/// </summary>
/// <remarks>A refused input throws <see cref="RasaPlatform.Core.Events.InvalidEventException"/>, which the executor answers as <c>BAD_USER_INPUT</c>.</remarks>
internal sealed class StudioMutation(TagLinks links, ConversationService conversations, ConversationAccess access)
{
    private const string ConversationIdField = "conversationId";
    private const string ConversationIdsField = "conversationIds";

    [GraphQLMetadata("addConversationTagToConversation")]
    public async Task<bool> AddConversationTagToConversationAsync(
        IResolveFieldContext context,
        ConversationTagLinkInput input,
        CancellationToken cancellationToken)
    {
        Manage(context.User);
        var tagId = TagId(input.TagId);
        var outcome = await links.TagAsync(input.ConversationId, ConversationIdField, tagId, cancellationToken).ConfigureAwait(false);
        return outcome.Result switch
        {
            TagLinkResult.Linked => true,
            TagLinkResult.NoSuchConversation or TagLinkResult.NoSuchTag => throw StudioErrors.Error(StudioErrors.NotFound, outcome.Message, outcome.Field),
            _ => throw StudioErrors.Error(StudioErrors.Conflict, outcome.Message, outcome.Field),
        };
    }

    [GraphQLMetadata("removeConversationTagFromConversation")]
    public async Task<bool> RemoveConversationTagFromConversationAsync(
        IResolveFieldContext context,
        ConversationTagLinkInput input,
        CancellationToken cancellationToken)
    {
        Manage(context.User);
        var tagId = TagId(input.TagId);
        await links.UntagAsync(input.ConversationId, tagId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    [GraphQLMetadata("deleteConversations")]
    public async Task<int> DeleteConversationsAsync(IResolveFieldContext context, DeleteConversationsInput input, CancellationToken cancellationToken)
    {
        Manage(context.User);
        var ids = input.ConversationIds;
        ConversationService.ValidateDeletion(ids, ConversationIdsField);
        var visible = await access.VisibleAsync(ids, cancellationToken).ConfigureAwait(false);
        return await conversations.DeleteAsync(visible, ConversationIdsField, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses a token of another role than <c>manage</c>, as the REST routes' 403 does.</summary>
    private static void Manage(ClaimsPrincipal? user)
    {
        if (ApiClaims.RoleOf(user) != ApiRole.Manage)
        {
            throw StudioErrors.Error(StudioErrors.Forbidden, "Mutations need a token of role 'manage'; this token may only read.");
        }
    }

    /// <summary>A tag id, which the schema types as <c>ID</c>: a positive integer, as on the REST routes.</summary>
    private static long TagId(string tagId) =>
        TagLinks.Checked(long.TryParse(tagId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0);
}
