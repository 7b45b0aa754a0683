namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Which policy predicts an action and with what confidence.</summary>
/// <remarks>
/// The policy ensemble is Memoization (0), Rule (1), TED (2), named as Rasa names them. Memoization and Rule
/// predictions have confidence 1.0; TED's are float32 probabilities, 85 % of them in 0.8–0.999 and a tail down to
/// 0.2; below <see cref="BotDomain.CoreFallbackThreshold"/> RulePolicy takes over with a core fallback.
/// </remarks>
public static class PolicyModel
{
    public const string Memoization = "policy_0_MemoizationPolicy";
    public const string Rule = "policy_1_RulePolicy";
    public const string Ted = "policy_2_TEDPolicy";

    /// <summary>The share of story turns whose story was in the training data (MemoizationPolicy answers).</summary>
    public const double MemoizedShare = 0.35;

    public static Prediction ByRule => new(Rule, 1.0);

    public static Prediction ByMemoization => new(Memoization, 1.0);

    /// <summary>A core fallback: RulePolicy at the fallback threshold.</summary>
    public static Prediction CoreFallback => new(Rule, BotDomain.CoreFallbackThreshold);

    /// <summary>A TEDPolicy prediction with a drawn confidence.</summary>
    public static Prediction ByTed(Pcg32 random) => new(Ted, TedConfidence(random));

    /// <summary>A prediction of the same kind as <paramref name="previous"/> (a new confidence for TED).</summary>
    public static Prediction Like(Prediction previous, Pcg32 random) =>
        previous.Policy == Ted ? new(Ted, HighTedConfidence(random)) : previous;

    /// <summary>A prediction for a story turn: memoized in <see cref="MemoizedShare"/> of cases, else TED.</summary>
    public static Prediction ForStory(Pcg32 random, bool onlyMemoized) =>
        onlyMemoized || random.Chance(MemoizedShare) ? ByMemoization : ByTed(random);

    private static double TedConfidence(Pcg32 random) =>
        random.Chance(0.85) ? HighTedConfidence(random) : RoundToSingle(random.NextDouble(0.2, 0.8));

    private static double HighTedConfidence(Pcg32 random) =>
        RoundToSingle(0.999 - (0.199 * random.NextDouble() * random.NextDouble()));

    /// <summary>Rounds to float32, as Rasa's numpy probabilities are before Python widens them.</summary>
    public static double RoundToSingle(double value) => (float)value;
}
