using System.Collections.Frozen;

namespace RasaPlatform.Core.Access;

/// <summary>Which assistants' conversations a request may reach: all of them, or a fixed set.</summary>
/// <remarks>
/// A conversation belongs to one assistant, its effective assistant (<see cref="ConversationAccess"/>). Names are
/// compared ordinally (case-sensitively), as Rasa's <c>assistant_id</c> values are identifiers.
/// </remarks>
public sealed class AssistantAccess
{
    private readonly FrozenSet<string>? _allowed;

    private AssistantAccess(FrozenSet<string>? allowed)
    {
        _allowed = allowed;
        Assistants = allowed is null ? [] : [.. allowed.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every assistant: a token without limits.</summary>
    public static AssistantAccess All { get; } = new(null);

    /// <summary>No assistant at all: what a request without a valid token reaches.</summary>
    public static AssistantAccess None { get; } = new(FrozenSet<string>.Empty);

    /// <summary>Whether the request is limited to <see cref="Assistants"/>.</summary>
    public bool IsLimited => _allowed is not null;

    /// <summary>The allowed assistants, sorted ordinally; empty when not limited (or when none is allowed).</summary>
    public IReadOnlyList<string> Assistants { get; }

    /// <summary>Limited to exactly these assistants.</summary>
    public static AssistantAccess Only(IEnumerable<string> assistants) => new(assistants.ToFrozenSet(StringComparer.Ordinal));

    /// <summary>Whether conversations of <paramref name="assistant"/> may be reached.</summary>
    public bool IsAllowed(string assistant) => _allowed is null || _allowed.Contains(assistant);

    /// <summary>
    /// The assistants a query over many conversations may count for this request, given those it asks for
    /// (<paramref name="requested"/>, null for every assistant): unchanged when not limited; otherwise the allowed
    /// assistants when none is asked for, or those asked for when all are allowed.
    /// </summary>
    /// <returns>Null for every assistant; otherwise the assistants to count.</returns>
    /// <exception cref="AssistantRefusedException">An assistant asked for may not be reached.</exception>
    public IReadOnlyList<string>? Narrow(IReadOnlyList<string>? requested)
    {
        if (!IsLimited)
        {
            return requested;
        }

        if (requested?.FirstOrDefault(a => !IsAllowed(a)) is { } refused)
        {
            throw new AssistantRefusedException(refused, this);
        }

        return requested ?? Assistants;
    }

    public override string ToString() => IsLimited ? "assistants " + string.Join(", ", Assistants) : "every assistant";
}
