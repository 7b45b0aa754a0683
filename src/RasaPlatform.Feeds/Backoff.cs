namespace RasaPlatform.Feeds;

/// <summary>Waits that double from a first one up to a longest one, with jitter, until reset.</summary>
internal sealed class Backoff(TimeSpan first, TimeSpan most)
{
    private TimeSpan? _next;

    /// <summary>The next wait: the current one, up to a quarter shorter at random, so that instances spread out.</summary>
    public TimeSpan Next()
    {
        var current = _next ?? first;
        _next = current * 2 > most ? most : current * 2;
        return current * (0.75 + (Random.Shared.NextDouble() * 0.25));
    }

    public void Reset() => _next = null;
}
