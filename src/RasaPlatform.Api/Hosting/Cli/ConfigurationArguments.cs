namespace RasaPlatform.Api.Hosting.Cli;

/// <summary>
/// Sets configuration overrides apart from a command line, each as one <c>--Key=value</c> argument for a host's
/// command-line configuration: <c>--Section:Key=value</c> or <c>--Section:Key value</c> (a name with a colon, or one
/// that starts with a capital letter, as configuration keys do: <c>--Urls</c>, <c>--Storage=</c>), and the host's own
/// settings in any case (<see cref="HostKeys"/>). Commands' own options are lower case (<c>--role</c>), so anything else
/// is left to the parser, which refuses what it does not know.
/// </summary>
internal static class ConfigurationArguments
{
    /// <summary>The host settings that have no section, as ASP.NET Core names them on a command line (any case).</summary>
    public static readonly IReadOnlyList<string> HostKeys = ["urls", "environment", "contentRoot", "applicationName"];

    public static (List<string> CommandLine, List<string> Settings) Split(IReadOnlyList<string> args)
    {
        var commandLine = new List<string>();
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                commandLine.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? arg[2..] : arg[2..equals];
            if (!IsSetting(key))
            {
                commandLine.Add(arg);
                continue;
            }

            if (equals >= 0)
            {
                settings.Add(arg);
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                settings.Add($"--{key}={args[++i]}");
            }
            else
            {
                // A setting without a value is left to the parser, which refuses it by name.
                commandLine.Add(arg);
            }
        }

        return (commandLine, settings);
    }

    private static bool IsSetting(string key) =>
        key.Length > 0
        && (key.Contains(':', StringComparison.Ordinal) || char.IsUpper(key[0]) || HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase));
}
