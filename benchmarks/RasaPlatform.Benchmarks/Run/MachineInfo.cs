using System.Globalization;
using System.Runtime.InteropServices;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>The machine a run measured, in one line: cores, CPU, memory, OS.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = Field("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = Field("/proc/meminfo", "MemTotal") is { } m && long.TryParse(m.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
            ? string.Create(CultureInfo.InvariantCulture, $"{kib / 1048576.0:F1} GiB")
            : "? GiB";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} memory, {RuntimeInformation.OSDescription}";
    }

    private static string? Field(string path, string name)
    {
        try
        {
            return File.ReadLines(path)
                .Where(l => l.StartsWith(name, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
