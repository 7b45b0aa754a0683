using System.Globalization;
using RasaPlatform.Benchmarks.Run.Stores;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>What the steps of one run share: options, the engine, the data, the service, and the results so far.</summary>
internal sealed class BenchContext(RunOptions options, Repository repository, IBenchStore store, string workFolder, TextWriter log)
{
    public RunOptions Options { get; } = options;

    public Repository Repository { get; } = repository;

    public IBenchStore Store { get; } = store;

    /// <summary>A scratch folder for this run (SQLite files, the children's working directory).</summary>
    public string WorkFolder { get; } = workFolder;

    /// <summary>Progress lines (stderr), so that stdout carries only the results.</summary>
    public TextWriter Log { get; } = log;

    public List<ResultRow> Rows { get; } = [];

    /// <summary>Raw measurements (counts, seconds, bytes) printed under the table.</summary>
    public List<KeyValuePair<string, string>> Raw { get; } = [];

    /// <summary>Markdown the steps add after the results table, in order (e.g. a table of their own).</summary>
    public List<string> Sections { get; } = [];

    public DataSet? Data { get; set; }

    /// <summary>Rasa's events table holding the same events: the baseline of the read rows.</summary>
    public IRasaEventsTable? RasaTable { get; set; }

    /// <summary>DuckDB's in-memory copy of the imported NDJSON: the second baseline of the listing and analytics rows.</summary>
    public DuckDb.DuckDbEvents? DuckDb { get; set; }

    /// <summary>Seconds DuckDB took to load the imported NDJSON, once measured.</summary>
    public double? DuckDbLoadSeconds { get; set; }

    /// <summary>Rows per second of the bare insert, once measured.</summary>
    public double? BareRowsPerSecond { get; set; }

    /// <summary>Peak resident set of the full import, in bytes, once measured.</summary>
    public long? ImportPeakRssBytes { get; set; }

    /// <summary>The <c>--Storage:...</c> settings of the store the full import filled.</summary>
    public IReadOnlyList<string>? ServiceStore { get; set; }

    public ApiService? Service { get; set; }

    /// <summary>The freshness load's turns, once generated (<see cref="Listing.FreshnessLoad.TurnsOf"/>).</summary>
    public Listing.FreshnessTurns? FreshnessTurns { get; set; }

    /// <summary>What store names start with: <c>rasabench</c>, and the verb after it for verbs other than <c>run</c>.</summary>
    public string StoreNamePrefix { get; init; } = "rasabench";

    /// <summary>The store name for this engine and size, e.g. <c>rasabench_sqlite_s</c> plus <paramref name="suffix"/>.</summary>
    public string StoreName(string suffix = "") => $"{StoreNamePrefix}_{Options.Store}_{Options.SizeKey}{suffix}";

    public DataSet RequireData() => Data ?? throw new InvalidOperationException("The data set step has not run.");

    /// <summary>The value of the service's setting that starts with <paramref name="prefix"/> (<c>--Storage:Sqlite:Path=</c>), or null.</summary>
    public string? ServiceStoreSetting(string prefix) =>
        ServiceStore?.FirstOrDefault(s => s.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

    public ApiService RequireService() => Service ?? throw new InvalidOperationException("The service is not running.");

    public void AddRaw(string key, FormattableString value) => Raw.Add(new(key, value.ToString(CultureInfo.InvariantCulture)));

    public void Progress(FormattableString line) => Log.WriteLine("bench: " + line.ToString(CultureInfo.InvariantCulture));
}
