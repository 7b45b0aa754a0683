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

    /// <summary>
    /// The allowed assistants as a set, null when not limited: what a query over many conversations intersects the
    /// assistants it asks for with (<see cref="Assistants.AssistantScope.Intersect"/>).
    /// </summary>
    public IReadOnlySet<string>? Allowed => _allowed;

    /// <summary>Limited to exactly these assistants.</summary>
    public static AssistantAccess Only(IEnumerable<string> assistants) => new(assistants.ToFrozenSet(StringComparer.Ordinal));

    /// <summary>Whether conversations of <paramref name="assistant"/> may be reached.</summary>
    public bool IsAllowed(string assistant) => _allowed is null || _allowed.Contains(assistant);

    public override string ToString() => IsLimited ? "assistants " + string.Join(", ", Assistants) : "every assistant";
}
