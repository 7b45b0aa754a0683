namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Writes a synthetic data set: <c>conversations</c> Rasa conversations as NDJSON events.</summary>
/// <remarks>
/// Deterministic: the same seed, count and domain give byte-identical output (own PRNG, no clock, no GUIDs,
/// invariant formatting). Conversations are written one after another, each one's events in arrival order.
/// Memory stays constant whatever the count: one conversation's state and a 1 MiB output buffer.
/// </remarks>
public static class DatasetGenerator
{
    /// <summary>
    /// Writes <paramref name="conversations"/> (1 to 2^32 − 1) conversations of <paramref name="seed"/> to
    /// <paramref name="output"/>, which is left open; <paramref name="domain"/> defaults to <see cref="BotDomain.Default"/>.
    /// </summary>
    public static GenerationSummary Generate(Stream output, long conversations, ulong seed, BotDomain? domain = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(conversations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(conversations, uint.MaxValue);
        using var writer = new RasaEventWriter(output);
        var simulator = new ConversationSimulator(domain ?? BotDomain.Default, new TimeModel(), writer, seed);
        var longest = 0;
        for (var i = 0L; i < conversations; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            longest = Math.Max(longest, simulator.Simulate((uint)i));
        }

        writer.Flush();
        return new GenerationSummary(conversations, writer.EventCount, writer.ByteCount, longest);
    }
}
