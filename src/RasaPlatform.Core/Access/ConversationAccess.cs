using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Access;

/// <summary>Keeps a request limited to some assistants away from other assistants' conversations.</summary>
/// <remarks>
/// <para>
/// A conversation's effective assistant is <see cref="ConversationAssistant"/>'s: judged by what is stored now, not by
/// what the metadata job saw last.
/// </para>
/// <para>
/// One instance serves one request (scoped) and remembers the assistants it looked up. A request that is not limited
/// (<see cref="AssistantAccess.IsLimited"/> false) never touches the store. The checks and the operation that follows
/// them are separate reads: a conversation that another writer moves to another assistant in between is judged as it
/// was.
/// </para>
/// </remarks>
public sealed class ConversationAccess(
    AssistantAccess access,
    ConversationAssistant assistants,
    IOptions<AssistantOptions> options)
{
    private readonly Dictionary<string, string?> _known = new(StringComparer.Ordinal);

    /// <summary>The request's limits.</summary>
    public AssistantAccess Access => access;

    private string Default => options.Value.Default;

    /// <summary>Whether the conversation is stored but belongs to an assistant the request may not reach.</summary>
    /// <remarks>Such a conversation must be answered exactly as one that is not stored.</remarks>
    public async Task<bool> IsHiddenAsync(string senderId, CancellationToken cancellationToken) =>
        access.IsLimited
        && await AssistantOfAsync(senderId, cancellationToken).ConfigureAwait(false) is { } assistant
        && !access.IsAllowed(assistant);

    /// <summary>The ids among <paramref name="senderIds"/> that are not hidden (<see cref="IsHiddenAsync"/>), in order.</summary>
    public async Task<IReadOnlyList<string>> VisibleAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken)
    {
        if (!access.IsLimited)
        {
            return senderIds;
        }

        var visible = new List<string>(senderIds.Count);
        foreach (var senderId in senderIds)
        {
            if (!await IsHiddenAsync(senderId, cancellationToken).ConfigureAwait(false))
            {
                visible.Add(senderId);
            }
        }

        return visible;
    }

    /// <summary>
    /// The assistant the request may not write for, when writing <paramref name="events"/> to the conversation in
    /// <paramref name="mode"/> would store events of it or leave the conversation belonging to it; null when the
    /// write is allowed.
    /// </summary>
    /// <remarks>
    /// Every event naming an assistant must name an allowed one. When none names one, the conversation keeps its
    /// assistant on an append and falls to the default assistant otherwise (a new conversation, or a replacement),
    /// which must then be allowed. Whether the stored conversation itself may be reached is
    /// <see cref="IsHiddenAsync"/>'s to say.
    /// </remarks>
    public async Task<string?> RefusedAssistantAsync(string senderId, IEnumerable<JsonElement> events, WriteMode mode, CancellationToken cancellationToken)
    {
        if (!access.IsLimited)
        {
            return null;
        }

        var named = false;
        foreach (var e in events)
        {
            if (AssistantIds.Of(e) is { } assistant)
            {
                if (!access.IsAllowed(assistant))
                {
                    return assistant;
                }

                named = true;
            }
        }

        if (named)
        {
            return null;
        }

        var after = mode == WriteMode.Append
            ? await AssistantOfAsync(senderId, cancellationToken).ConfigureAwait(false) ?? Default
            : Default;
        return access.IsAllowed(after) ? null : after;
    }

    /// <summary>The effective assistant of the stored conversation, or null when it is not stored.</summary>
    public async Task<string?> AssistantOfAsync(string senderId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(senderId, out var known))
        {
            return known;
        }

        var assistant = await assistants.OfAsync(senderId, cancellationToken).ConfigureAwait(false);
        _known[senderId] = assistant;
        return assistant;
    }
}
