using Microsoft.Extensions.Configuration.Json;

namespace RasaPlatform.Api.Hosting;

/// <summary>Reads the shipped appsettings.json wherever the process was started from.</summary>
internal static class AppSettings
{
    /// <summary>
    /// Adds the appsettings.json beside the binaries as the lowest-precedence source, so that starting the program
    /// from any folder finds its defaults; a content root's own appsettings.json, the environment and the command
    /// line still override it.
    /// </summary>
    public static void AddShippedDefaults(this IConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path))
        {
            return;
        }

        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);
    }
}
