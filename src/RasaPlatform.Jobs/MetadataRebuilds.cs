using Hangfire;
using Hangfire.Common;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Jobs;

/// <summary>Starts <see cref="MetadataRebuildJob"/> and tells how the latest one is doing.</summary>
/// <remarks>The latest job's id is kept in Hangfire's own storage, beside the job, so every instance on the store sees it.</remarks>
public sealed class MetadataRebuilds(IBackgroundJobClient jobs, JobStorage storage)
{
    private const string LatestKey = "rasaplatform:metadata-rebuild";
    private const string JobIdField = "job_id";

    /// <summary>Enqueues a rebuild job and makes it the latest.</summary>
    /// <returns>The job's id.</returns>
    public string Enqueue()
    {
        var id = jobs.Enqueue<MetadataRebuildJob>(job => job.RunAsync(null, CancellationToken.None));
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(LatestKey, [new KeyValuePair<string, string>(JobIdField, id)]);
        return id;
    }

    /// <summary>The latest rebuild job's state and last progress report; <see langword="null"/> when there is none (or it expired).</summary>
    public MetadataRebuildStatus? Latest()
    {
        using var connection = storage.GetConnection();
        var entries = connection.GetAllEntriesFromHash(LatestKey);
        if (entries is null || !entries.TryGetValue(JobIdField, out var id) || connection.GetJobData(id) is not { } job)
        {
            return null;
        }

        var progress = connection.GetJobParameter(id, MetadataRebuildJob.ProgressParameter);
        return new MetadataRebuildStatus(
            id,
            job.State ?? "Unknown",
            string.IsNullOrEmpty(progress) ? null : SerializationHelper.Deserialize<MetadataRebuildResult>(progress, SerializationOption.User));
    }
}

/// <summary>A rebuild job as <see cref="MetadataRebuilds.Latest"/> reports it.</summary>
/// <param name="JobId">Hangfire's id of the job.</param>
/// <param name="State">Hangfire's name of its state: Enqueued, Processing, Succeeded, Failed, …</param>
/// <param name="Progress">Its last progress report; <see langword="null"/> before the first.</param>
public sealed record MetadataRebuildStatus(string JobId, string State, MetadataRebuildResult? Progress);
