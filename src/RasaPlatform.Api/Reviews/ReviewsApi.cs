using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Reviews;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.Reviews;

/// <summary>Review statuses (Rasa X 0.33): set one conversation's, and count conversations per status.</summary>
internal sealed class ReviewsApi(IReviewStore reviews, IConversationListing listing, AssistantAccess access) : IReviewsController
{
    private const string Field = "review_status";

    public async Task<IActionResult> SetReviewStatusAsync(string sender_id, ReviewStatusChange body, CancellationToken cancellationToken)
    {
        SenderIds.Validate(sender_id);
        if (ReviewStatuses.Parse(body?.Review_status) is not { } status)
        {
            return Problems.Invalid(Field, $"'{Field}' must be one of {string.Join(", ", ReviewStatuses.All.Select(ReviewStatuses.Name))}.");
        }

        return await reviews.SetAsync(sender_id, status, cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : Problems.NoSuchConversation(sender_id);
    }

    /// <remarks>
    /// Each count is the listing's total for that status alone, so it is answered as the listing is: by this instance's
    /// index, exactly and live, or by the store when there is none.
    /// </remarks>
    public async Task<ActionResult<ICollection<ReviewStatusCount>>> CountReviewStatusesAsync(string? assistant, CancellationToken cancellationToken)
    {
        var assistants = AssistantScope.Intersect(AssistantScope.Parse(nameof(assistant), assistant), access.Allowed);
        var counts = new List<ReviewStatusCount>();
        foreach (var status in ReviewStatuses.All)
        {
            var filter = new ConversationFilter { Assistants = assistants, ReviewStatuses = [status] };
            var page = await listing.ListAsync(new ConversationListQuery(filter, ConversationOrder.Arrival, 1, 0), cancellationToken).ConfigureAwait(false);
            counts.Add(new ReviewStatusCount { Review_status = ReviewStatuses.Name(status), Conversations = page.Total });
        }

        return counts;
    }
}
