using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace RasaPlatform.Jobs;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the background jobs with a Quartz scheduler that the host starts and stops, unless
    /// <c>Jobs:Enabled</c> is false. Core and a store must be registered too.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Jobs:MetadataIntervalMilliseconds</c> is not positive.</exception>
    public static IServiceCollection AddRasaJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(JobsOptions.Section);
        var options = section.Get<JobsOptions>() ?? new JobsOptions();
        services.Configure<JobsOptions>(section);
        if (!options.Enabled)
        {
            return services;
        }

        if (options.MetadataIntervalMilliseconds <= 0)
        {
            throw new InvalidOperationException($"{JobsOptions.Section}:{nameof(JobsOptions.MetadataIntervalMilliseconds)} must be positive.");
        }

        var interval = TimeSpan.FromMilliseconds(options.MetadataIntervalMilliseconds);
        services.AddQuartz(quartz =>
        {
            // On shutdown a running job is cancelled, and waited for: it stops between conversations (or rolls its
            // current save back; the queue keeps the item) and releases its lease before the store goes away.
            quartz.ConfigureScheduler(scheduler => scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            quartz.ScheduleJob<MetadataJob>(trigger => trigger
                .WithIdentity(MetadataJob.Name)
                .StartNow()
                .WithSimpleSchedule(interval));
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
