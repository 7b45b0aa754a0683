using System.Text.RegularExpressions;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>The migrations the store ships, as the migrator records them: (version, name), in order.</summary>
/// <remarks>Both dialects number theirs alike (a dialect with nothing to do ships a no-op), which a test checks.</remarks>
public static partial class MigrationNames
{
    public static IReadOnlyList<(long Version, string Name)> Of(string dialect)
    {
        var prefix = $"RasaPlatform.Storage.Migrations.{dialect}.";
        return [.. typeof(Sql.SqlMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^".sql".Length])
            .Select(n => (long.Parse(Version().Match(n).Value, System.Globalization.CultureInfo.InvariantCulture), n))
            .OrderBy(m => m.Item1)];
    }

    [GeneratedRegex("^[0-9]+")]
    private static partial Regex Version();
}
