using NodaTime;

namespace RasaPlatform.Testing;

/// <summary>A clock that stands still until a test moves it (NodaTime.Testing is not reachable from this registry).</summary>
public sealed class FakeClock(Instant now) : IClock
{
    private readonly Lock _gate = new();
    private Instant _now = now;

    public static FakeClock At(int year, int month, int day) => new(Instant.FromUtc(year, month, day, 0, 0));

    public Instant GetCurrentInstant()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(Duration duration)
    {
        lock (_gate)
        {
            _now += duration;
        }
    }
}
