using Microsoft.AspNetCore.Mvc.Filters;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Conversations;

namespace RasaPlatform.Api.Access;

/// <summary>
/// Answers every operation on one conversation (<c>sender_id</c>) with the unknown conversation's 404 when the
/// request's token is limited to assistants and the conversation belongs to another.
/// </summary>
/// <remarks>
/// Runs after <see cref="RawSenderIdFilter"/>, so it judges the id the action will use. Reads, flags and deletion get
/// the very answer an unknown conversation gets, so a limited token cannot tell another assistant's conversation
/// from none. A write of events to it is refused with that same 404, word for word: a detail saying why would tell
/// the token that the conversation exists. Operations that answer an unknown conversation otherwise (tagging names
/// the field, untagging succeeds) apply the limit themselves, so that their answer is the same too.
/// </remarks>
internal sealed class AssistantAccessFilter : IAsyncActionFilter
{
    private const string SenderArgument = "sender_id";

    /// <summary>Controller and action of the operations that keep to the token's assistants themselves.</summary>
    private static readonly HashSet<(string Controller, string Action)> OwnChecks =
        [("Tags", "TagConversation"), ("Tags", "UntagConversation")];

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (context.ActionArguments.TryGetValue(SenderArgument, out var value) && value is string senderId
            && !OwnChecks.Contains((context.RouteData.Values["controller"] as string ?? string.Empty, context.RouteData.Values["action"] as string ?? string.Empty)))
        {
            SenderIds.Validate(senderId);
            var access = context.HttpContext.RequestServices.GetRequiredService<ConversationAccess>();
            if (await access.IsHiddenAsync(senderId, context.HttpContext.RequestAborted).ConfigureAwait(false))
            {
                context.Result = Problems.NoSuchConversation(senderId);
                return;
            }
        }

        await next().ConfigureAwait(false);
    }
}
