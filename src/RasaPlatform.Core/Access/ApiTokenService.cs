using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Access;

/// <summary>Creates, authenticates, lists and revokes API tokens.</summary>
public sealed class ApiTokenService(IApiTokenStore store, IClock clock)
{
    /// <summary>The longest accepted token name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The most assistants one token may be limited to.</summary>
    public const int MaxAssistants = 100;

    // Ids are 32 random bits: a clash is rare among a store's tokens, and a few draws make failing practically impossible.
    private const int IdDraws = 5;

    /// <summary>Creates and stores a token; the result holds the token itself, which is never stored and cannot be shown again.</summary>
    /// <param name="role">What the token may do.</param>
    /// <param name="assistants">The assistants it is limited to (repeats are ignored); empty for every assistant.</param>
    /// <param name="name">What it is for; null or empty for no name. At most <see cref="MaxNameLength"/> characters, no control characters.</param>
    /// <param name="cancellationToken">Cancels before the token is stored.</param>
    /// <exception cref="ArgumentException">A name or assistant is not acceptable (<see cref="ArgumentException.ParamName"/> says which).</exception>
    public async Task<CreatedApiToken> CreateAsync(ApiRole role, IReadOnlyList<string> assistants, string? name, CancellationToken cancellationToken)
    {
        _ = role.Name();
        var limits = ValidatedAssistants(assistants);
        var validName = ValidatedName(name);
        for (var draw = 0; draw < IdDraws; draw++)
        {
            var id = ApiTokenFormat.NewId();
            var secret = ApiTokenFormat.NewToken(id);
            var token = new ApiToken(id, validName, role, limits, clock.GetCurrentInstant(), null);
            if (await store.TryCreateAsync(token, ApiTokenFormat.Hash(secret), cancellationToken).ConfigureAwait(false))
            {
                return new CreatedApiToken(token, secret);
            }
        }

        throw new InvalidOperationException($"No free token id was drawn in {IdDraws} attempts.");
    }

    /// <summary>The active token <paramref name="presented"/> is, or null when it is malformed, unknown or revoked.</summary>
    public async Task<ApiToken?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiTokenFormat.TryParse(presented, out var id))
        {
            return null;
        }

        var token = await store.FindActiveAsync(ApiTokenFormat.Hash(presented), cancellationToken).ConfigureAwait(false);
        return token?.Id == id ? token : null;
    }

    /// <summary>Every token, revoked ones included, oldest first.</summary>
    public Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>Whether any token can still authenticate.</summary>
    public async Task<bool> AnyActiveAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Any(t => t.IsActive);

    /// <summary>Revokes the token with public id <paramref name="id"/> now; idempotent.</summary>
    /// <returns>The revoked token, or null when no token has that id.</returns>
    public Task<ApiToken?> RevokeAsync(string id, CancellationToken cancellationToken) =>
        ApiTokenFormat.IsId(id)
            ? store.RevokeAsync(id, clock.GetCurrentInstant(), cancellationToken)
            : Task.FromResult<ApiToken?>(null);

    /// <summary>Why <paramref name="assistants"/> cannot limit a token, or null when they can.</summary>
    public static string? AssistantsProblem(IReadOnlyList<string> assistants) =>
        assistants.Select(AssistantIds.Problem).FirstOrDefault(p => p is not null)
        ?? (assistants.Distinct(StringComparer.Ordinal).Count() > MaxAssistants ? $"A token may be limited to at most {MaxAssistants} assistants." : null);

    /// <summary>Why <paramref name="name"/> cannot name a token, or null when it can.</summary>
    public static string? NameProblem(string? name) => name switch
    {
        null => null,
        { Length: > MaxNameLength } => $"A token name must be at most {MaxNameLength} characters long.",
        _ when name.Any(char.IsControl) => "A token name must not contain control characters.",
        _ => null,
    };

    private static List<string> ValidatedAssistants(IReadOnlyList<string> assistants) =>
        AssistantsProblem(assistants) is { } problem
            ? throw new ArgumentException(problem, nameof(assistants))
            : [.. assistants.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string ValidatedName(string? name) =>
        NameProblem(name) is { } problem ? throw new ArgumentException(problem, nameof(name)) : name ?? string.Empty;
}
