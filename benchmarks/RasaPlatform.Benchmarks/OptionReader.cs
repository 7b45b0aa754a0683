namespace RasaPlatform.Benchmarks;

/// <summary>Reads a verb's command line: flags without a value, and <c>--name value</c> pairs, in any order.</summary>
internal static class OptionReader
{
    /// <summary>Applies each argument to <paramref name="initial"/> in turn.</summary>
    /// <param name="args">The verb's arguments.</param>
    /// <param name="initial">The options before any argument: the verb's defaults.</param>
    /// <param name="flag">The options with a flag applied, or null when the argument is not one of the verb's flags.</param>
    /// <param name="pair">The options with a name and its value applied, or null when the name is unknown or the value bad.</param>
    /// <param name="options">The options read; as far as they were read when this returns false.</param>
    /// <param name="problem">Which argument was bad or incomplete; empty when none was.</param>
    public static bool TryRead<T>(
        IReadOnlyList<string> args,
        T initial,
        Func<T, string, T?> flag,
        Func<T, string, string, T?> pair,
        out T options,
        out string problem)
        where T : class
    {
        options = initial;
        problem = "";
        for (var i = 0; i < args.Count; i++)
        {
            if (flag(options, args[i]) is { } flagged)
            {
                options = flagged;
                continue;
            }

            var next = i + 1 < args.Count ? pair(options, args[i], args[i + 1]) : null;
            if (next is null)
            {
                problem = $"Bad or incomplete option '{args[i]}'.";
                return false;
            }

            i++;
            options = next;
        }

        return true;
    }
}
