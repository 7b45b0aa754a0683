using System.Security.Cryptography;
using RasaPlatform.Api.Hosting.Cli;
using Xunit;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The program's command line as a user meets it: every command's help exits 0 and touches no store; unknown
/// commands, unknown options and missing values exit 2 with the reason; commands say what they did.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rasaplatform-cli-").FullName;

    private string StorePath => Path.Combine(_folder, "store.db");

    private string StoreSetting => $"--Storage:Sqlite:Path={StorePath}";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("serve --help")]
    [InlineData("import --help")]
    [InlineData("tokens --help")]
    [InlineData("tokens create --help")]
    [InlineData("tokens list --help")]
    [InlineData("tokens revoke --help")]
    [InlineData("rebuild-metadata --help")]
    public async Task Help_ExitsZero_ListsUsageAndExamples_AndLeavesTheStoreAsItWas(string line)
    {
        var arguments = line.Split(' ');
        Assert.Equal(0, (await RunAsync("tokens", "create", "--role", "view", StoreSetting)).Exit);
        var before = StoreHash();

        var (exit, output, error) = await RunAsync([.. arguments, StoreSetting]);

        Assert.Equal(0, exit);
        Assert.Contains("USAGE:", output, StringComparison.Ordinal);
        Assert.Contains(arguments.Length == 1 ? "COMMANDS:" : "EXAMPLES:", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
        Assert.Equal(before, StoreHash());
        Assert.Single((await RunAsync("tokens", "list", StoreSetting)).Output.Trim().Split('\n').Skip(1));
    }

    [Fact]
    public async Task ImportHelp_NamesTheFormatsItReads()
    {
        var output = (await RunAsync("import", "--help")).Output;

        foreach (var format in new[] { ".jsonl", ".ndjson", "tracker dumps", "Botfront", "sender_id", "--from-rasa-sql" })
        {
            Assert.Contains(format, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Unknown command 'frobnicate'", "frobnicate")]
    [InlineData("Unknown option 'bogus'", "--bogus")]
    [InlineData("Unknown option 'bogus'", "serve", "--bogus")]
    [InlineData("Unknown option 'recursive'", "import", "file.json", "--recursive")]
    [InlineData("Unknown option 'force'", "rebuild-metadata", "--force")]
    [InlineData("Unknown command 'now'", "rebuild-metadata", "now")]
    [InlineData("Unknown option 'role'", "tokens", "list", "--role", "view")]
    [InlineData("--role needs a value", "tokens", "create", "--role")]
    [InlineData("--from-rasa-sql needs a value", "import", "--from-rasa-sql")]
    [InlineData("Name the files or folders to import", "import")]
    [InlineData("not both", "import", "file.json", "--from-rasa-sql", "Data Source=x.db")]
    [InlineData("Name what to do with tokens", "tokens")]
    public async Task Refused_ExitsTwoWithTheReason_AndCreatesNoStore(string reason, params string[] arguments)
    {
        var (exit, output, error) = await RunAsync([.. arguments, StoreSetting]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public async Task Import_TwoFilesNamedOneMissing_SaysWhichWereReadAndExitsOne()
    {
        var good = Path.Combine(_folder, "good.ndjson");
        await File.WriteAllTextAsync(good, """{"sender_id": "cli-a", "event": "user", "timestamp": 1, "text": "hi"}""" + "\n");

        var (exit, _, error) = await RunAsync("import", good, Path.Combine(_folder, "missing.json"), StoreSetting);

        Assert.Equal(1, exit);
        Assert.Contains("1 file read, 1 missing, 0 unreadable", error, StringComparison.Ordinal);
        Assert.Contains("missing.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebuildMetadata_SaysHowManyItFoldedItself()
    {
        var file = Path.Combine(_folder, "two.ndjson");
        await File.WriteAllTextAsync(
            file,
            """
            {"sender_id": "cli-a", "event": "user", "timestamp": 1, "text": "hi"}
            {"sender_id": "cli-b", "event": "user", "timestamp": 2, "text": "hello"}

            """);
        Assert.Equal(0, (await RunAsync("import", file, StoreSetting)).Exit);

        var (exit, output, _) = await RunAsync("rebuild-metadata", StoreSetting);

        Assert.Equal(0, exit);
        Assert.Equal(
            "rebuild-metadata: 2 conversations queued: 2 folded here, 0 by running service instances, 0 still queued, 0 failed",
            output.Trim());
    }

    [Theory]
    [InlineData(new[] { "--Storage:Sqlite:Path=a.db" }, new string[0], new[] { "--Storage:Sqlite:Path=a.db" })]
    [InlineData(new[] { "import", "--Storage:Provider", "PostgreSql", "f.json" }, new[] { "import", "f.json" }, new[] { "--Storage:Provider=PostgreSql" })]
    [InlineData(new[] { "--urls", "http://127.0.0.1:1", "--Environment=Production" }, new string[0], new[] { "--urls=http://127.0.0.1:1", "--Environment=Production" })]
    [InlineData(new[] { "tokens", "create", "--role", "view", "--name=x" }, new[] { "tokens", "create", "--role", "view", "--name=x" }, new string[0])]
    [InlineData(new[] { "--Storage:Provider" }, new[] { "--Storage:Provider" }, new string[0])]
    [InlineData(new[] { "--Storage=", "--Jobs:Enabled=false", "--bogus=1" }, new[] { "--bogus=1" }, new[] { "--Storage=", "--Jobs:Enabled=false" })]
    public void ConfigurationArguments_AreSetApartFromTheCommandLine(string[] arguments, string[] commandLine, string[] settings)
    {
        var (command, config) = ConfigurationArguments.Split(arguments);

        Assert.Equal(commandLine, command);
        Assert.Equal(settings, config);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(arguments, output, error, errorIsTerminal: false, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The store file's hash, once the commands run in this process have closed their pooled connections (which checkpoints the WAL).</summary>
    private string StoreHash()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var stream = File.OpenRead(StorePath);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
