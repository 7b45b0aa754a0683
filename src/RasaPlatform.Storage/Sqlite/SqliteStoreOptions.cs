namespace RasaPlatform.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store (configuration section <c>Storage:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; relative paths are relative to the working directory. Created on first start.</summary>
    public string Path { get; set; } = "data/rasaplatform.db";

    /// <summary>Page cache per connection, in MiB.</summary>
    public int CacheSizeMiB { get; set; } = 64;

    /// <summary>
    /// SQLite's memory across every connection of the process, in MiB (SQLite's soft heap limit); 0, the default, for
    /// none. Past it, page caches recycle their pages instead of growing and sorts spill to temporary files sooner;
    /// nothing fails.
    /// </summary>
    /// <remarks>
    /// Off by default: at a million conversations a limit of 48 held SQLite's peak at 56 instead of 88–103 MiB, but the
    /// service's peak resident set did not fall with it (the C library kept what SQLite freed).
    /// </remarks>
    public int MemoryLimitMiB { get; set; }
}
