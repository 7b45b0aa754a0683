namespace RasaPlatform.Benchmarks.Generation;

/// <summary>How many events a conversation should have.</summary>
/// <remarks>
/// A mixture: 3 % of visitors open the chat and leave (2 or 3 events, no message); 0.5 % are Pareto-tailed
/// (from 60 events, α = 1.2; a few reach the thousands); the rest are log-normal around 15 events. The simulator
/// ends a conversation at the first turn boundary at or past the target, which adds about half a turn, so the
/// mean comes out near 20 events. Targets are clamped to <c>[MinEvents, MaxEvents]</c>.
/// </remarks>
public static class LengthModel
{
    /// <summary>The fewest events a conversation has: <c>action_session_start</c> and <c>session_started</c>.</summary>
    public const int MinEvents = 2;

    /// <summary>The most events a conversation has.</summary>
    public const int MaxEvents = 2000;

    /// <summary>The target number of events, in <c>[MinEvents, MaxEvents]</c>.</summary>
    public static int Target(Pcg32 random)
    {
        var kind = random.NextDouble();
        double target = kind switch
        {
            < 0.03 => random.NextInt(MinEvents, 4),
            < 0.035 => 60 * Math.Pow(1.0 - random.NextDouble(), -1 / 1.2),
            _ => random.NextLogNormal(15, 0.55),
        };
        return (int)Math.Clamp(target, MinEvents, MaxEvents);
    }
}
