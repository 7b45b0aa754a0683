namespace RasaPlatform.Api.Hosting;

/// <summary>Limits on ingestion requests (configuration section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>The largest accepted request body in bytes; larger ones get 413. Default 32 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;
}
