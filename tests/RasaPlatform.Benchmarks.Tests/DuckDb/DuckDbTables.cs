using RasaPlatform.Benchmarks.Run.DuckDb;

namespace RasaPlatform.Benchmarks.Tests.DuckDb;

/// <summary>DuckDB tables of generated events, loaded from an NDJSON file as a run loads its data set.</summary>
internal static class DuckDbTables
{
    /// <summary>A fresh in-memory DuckDB holding <paramref name="events"/>; the file it was loaded from is deleted.</summary>
    public static async Task<DuckDbEvents> LoadAsync(byte[] events)
    {
        var path = Path.Combine(Path.GetTempPath(), "rasa-bench-tests", Guid.NewGuid().ToString("N") + ".ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, events);
        var duck = await DuckDbEvents.OpenAsync(CancellationToken.None);
        try
        {
            await duck.LoadAsync([path], CancellationToken.None);
            return duck;
        }
        catch
        {
            await duck.DisposeAsync();
            throw;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
