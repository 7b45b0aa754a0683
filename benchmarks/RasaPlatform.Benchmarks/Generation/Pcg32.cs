using System.Numerics;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>
/// The PCG32 generator (O'Neill's PCG-XSH-RR, 64-bit state, 32-bit output): a fixed algorithm, so a seed gives the same
/// sequence on every runtime, unlike <see cref="System.Random"/>, whose algorithm is not part of its contract.
/// </summary>
/// <remarks>
/// Each (seed, stream) pair is an independent sequence; the generator gives every conversation its own stream so
/// that conversation <c>i</c> does not depend on the ones before it. Not for security.
/// </remarks>
public sealed class Pcg32
{
    private const ulong Multiplier = 6364136223846793005UL;
    private readonly ulong _increment;
    private ulong _state;

    /// <summary>Starts the sequence <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public Pcg32(ulong seed, ulong stream)
    {
        _increment = (stream << 1) | 1UL;
        NextUInt32();
        _state += seed;
        NextUInt32();
    }

    /// <summary>The next 32 uniformly distributed bits.</summary>
    public uint NextUInt32()
    {
        var old = _state;
        _state = (old * Multiplier) + _increment;
        var xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        return BitOperations.RotateRight(xorShifted, (int)(old >> 59));
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    /// <summary>A uniform double in <c>[0, 1)</c> with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in <c>[min, max)</c>.</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>An integer in <c>[0, maxExclusive)</c>; <paramref name="maxExclusive"/> must be positive.</summary>
    /// <remarks>Lemire's multiply-shift; its bias (below 2^-32 relative) does not matter here.</remarks>
    public int NextInt(int maxExclusive) => (int)(((ulong)NextUInt32() * (ulong)maxExclusive) >> 32);

    /// <summary>An integer in <c>[min, maxExclusive)</c>.</summary>
    public int NextInt(int min, int maxExclusive) => min + NextInt(maxExclusive - min);

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>One uniformly chosen item.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    /// <summary>A standard normal variate (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * NextDouble());
    }

    /// <summary>A log-normal variate: <c>exp(N(ln median, sigma²))</c>.</summary>
    public double NextLogNormal(double median, double sigma) => median * Math.Exp(sigma * NextGaussian());

    /// <summary>An exponential variate with the given mean.</summary>
    public double NextExponential(double mean) => -mean * Math.Log(1.0 - NextDouble());
}
