using System.Runtime.InteropServices;

namespace RasaPlatform.Api.Hosting;

/// <summary>
/// The C library's heap, which SQLite and the runtime allocate from: on Linux (glibc) it may keep a heap per thread that
/// allocates, up to eight per core, and memory freed into one is reused only by the threads of that one.
/// </summary>
/// <remarks>
/// With SQLite called from any thread of the pool, pages freed on one thread's heap stayed resident while another's grew:
/// at a million conversations the service's anonymous memory outside the .NET heap and SQLite's own count grew by over
/// 100 MiB during a catch-up. Two heaps, as <c>MALLOC_ARENA_MAX=2</c> sets, is what .NET and Java services on Linux are
/// usually run with; a <c>MALLOC_ARENA_MAX</c> of the operator's own wins.
/// </remarks>
internal static class NativeHeap
{
    /// <summary>glibc's <c>M_ARENA_MAX</c>.</summary>
    private const int ArenaMaxParameter = -8;

    /// <summary>How many heaps the C library may keep.</summary>
    public const int Arenas = 2;

    /// <summary>Limits the C library's heaps to <see cref="Arenas"/>, unless the environment sets them or this is not glibc.</summary>
    /// <returns>Whether the limit was set.</returns>
    public static bool LimitArenas()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return false;
        }

        try
        {
            return Mallopt(ArenaMaxParameter, Arenas) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another C library (musl has no arenas to limit).
            return false;
        }
    }

    // DllImport, not LibraryImport: two ints need no marshalling, and LibraryImport would need unsafe code in the project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054
}
