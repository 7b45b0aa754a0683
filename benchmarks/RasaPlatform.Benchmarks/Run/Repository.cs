using System.Diagnostics;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>The RasaPlatform checkout the benchmark runs from: where the Api is built and what commit is measured.</summary>
internal sealed class Repository(string root)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public string Root { get; } = root;

    /// <summary>The Release Api assembly, run as <c>dotnet &lt;dll&gt;</c>.</summary>
    public string ApiAssembly => Path.Combine(Root, "src", "RasaPlatform.Api", "bin", "Release", "net10.0", "RasaPlatform.Api.dll");

    /// <summary>The checkout holding the working directory or, failing that, this program.</summary>
    public static Repository Locate() =>
        new(FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Run from inside a RasaPlatform checkout (no RasaPlatform.sln found above here)."));

    /// <summary>Builds the Api in Release (incremental: fast when nothing changed).</summary>
    public async Task BuildApiAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var project = Path.Combine(Root, "src", "RasaPlatform.Api", "RasaPlatform.Api.csproj");
        await using var build = ChildProcess.Start("dotnet", ["build", "-c", "Release", "-nologo", "-v", "q", project], Root);
        var exit = await build.WaitForExitAsync(BuildTimeout, cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            await log.WriteLineAsync(string.Join(Environment.NewLine, build.Tail)).ConfigureAwait(false);
            throw new InvalidOperationException($"dotnet build of the Api failed (exit {exit}).");
        }
    }

    /// <summary><c>git rev-parse --short HEAD</c>, with <c>-dirty</c> when the work tree has changes.</summary>
    public async Task<string> CommitAsync(CancellationToken cancellationToken)
    {
        var head = await OutputAsync("git", ["rev-parse", "--short", "HEAD"], cancellationToken).ConfigureAwait(false);
        var status = await OutputAsync("git", ["status", "--porcelain", "--untracked-files=no"], cancellationToken).ConfigureAwait(false);
        return head.Trim() + (status.Trim().Length > 0 ? "-dirty" : "");
    }

    /// <summary>Runs a short program in the checkout and returns its standard output.</summary>
    public async Task<string> OutputAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        var output = await process.StandardOutput.ReadToEndAsync(limit.Token).ConfigureAwait(false);
        await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        return output;
    }

    private static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RasaPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
