namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>Rasa's policy names as the listing reports them: without the ensemble prefix <c>policy_N_</c>.</summary>
/// <remarks>
/// Written here again rather than taken from the service, so that the baseline does not share the code it checks.
/// </remarks>
internal static class RasaPolicyName
{
    private const string Prefix = "policy_";

    /// <summary><c>policy_2_TEDPolicy</c> → <c>TEDPolicy</c>; a name without a complete prefix stays as it is.</summary>
    public static string Plain(string policy)
    {
        if (!policy.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return policy;
        }

        var underscore = policy.IndexOf('_', Prefix.Length);
        var digits = policy.AsSpan(Prefix.Length, Math.Max(0, underscore - Prefix.Length));
        return underscore > Prefix.Length && underscore < policy.Length - 1 && !digits.ContainsAnyExceptInRange('0', '9')
            ? policy[(underscore + 1)..]
            : policy;
    }

    /// <summary>Whether an action predicted by <paramref name="plainPolicy"/> keeps a conversation "in training data".</summary>
    public static bool IsMemoization(string plainPolicy) => plainPolicy is "MemoizationPolicy" or "AugmentedMemoizationPolicy";
}
