using RasaPlatform.Api.Hosting;

namespace RasaPlatform.Api.Tests;

/// <summary>The C library's heaps are limited at start, as an operator's <c>MALLOC_ARENA_MAX=2</c> would.</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void LimitArenas_OnLinux_AndNoLimitInTheEnvironment_SetsIt()
    {
        // These machines and the container image are Debian: glibc.
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null;

        Assert.Equal(expected, NativeHeap.LimitArenas());
    }
}
