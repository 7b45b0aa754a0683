using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RasaPlatform.Storage;
using RasaPlatform.Storage.PostgreSql;

namespace RasaPlatform.Jobs;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Hangfire over the configured store (its own schema in the PostgreSQL database, or in memory beside
    /// the embedded SQLite file), the jobs, and, unless <c>Jobs:Enabled</c> is false, this instance's Hangfire server
    /// with the metadata projection and the recurring housekeeping. Core and a store must be registered too.
    /// </summary>
    /// <remarks>
    /// The storage, the job activator and the server are this container's own, not Hangfire's process-wide defaults,
    /// so that several hosts in one process (tests) never run each other's jobs.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A <c>Jobs</c> setting is out of range.</exception>
    public static IServiceCollection AddRasaJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(JobsOptions.Section);
        var options = section.Get<JobsOptions>() ?? new JobsOptions();
        services.Configure<JobsOptions>(section);
        if (options.MetadataIntervalMilliseconds <= 0 || options.WorkerCount <= 0)
        {
            throw new InvalidOperationException(
                $"{JobsOptions.Section}:{nameof(JobsOptions.MetadataIntervalMilliseconds)} and {nameof(JobsOptions.WorkerCount)} must be positive.");
        }

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = configuration.GetSection(PostgreSqlStoreOptions.Section).Get<PostgreSqlStoreOptions>()?.ConnectionString;
        services.AddSingleton<JobStorage>(_ => CreateStorage(storage.Provider, connectionString));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, hangfire) => hangfire
            .UseLogProvider(HangfireLogs.For(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddTransient<MetadataRebuildJob>();
        services.AddTransient<ListingChangesPruneJob>();
        services.AddSingleton<MetadataRebuilds>();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton<IBackgroundProcess, MetadataProjectionProcess>();
        services.AddSingleton<IBackgroundProcess, MetadataRecentProcess>();
        services.AddHangfireServer((provider, server) =>
        {
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            server.WorkerCount = options.WorkerCount;

            // A server that is asked to stop cancels its jobs' tokens and the projection's, and waits this long.
            server.ShutdownTimeout = TimeSpan.FromSeconds(15);
        });
        services.AddHostedService<RecurringJobs>();
        return services;
    }

    /// <summary>Hangfire's storage for the store: PostgreSQL beside our tables, or memory beside an embedded file.</summary>
    private static JobStorage CreateStorage(StorageProvider provider, string? connectionString) => provider switch
    {
        // Every piece of durable work state is in our own tables (the metadata queue with its claims and failures);
        // what Hangfire keeps for the embedded store is a view of the current process's work. Hangfire.Storage.SQLite
        // would bring a second SQLite native library (SQLitePCLRaw 2's bundle_green) into the process beside ours.
        StorageProvider.Sqlite => new InMemoryStorage(new InMemoryStorageOptions()),
        StorageProvider.PostgreSql => CreatePostgreSqlStorage(connectionString!),
        _ => throw new InvalidOperationException($"Storage provider '{provider}' has no job storage."),
    };

    private static PostgreSqlStorage CreatePostgreSqlStorage(string connectionString)
    {
        var options = StorageOptionsFor(connectionString);
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static PostgreSqlStorageOptions StorageOptionsFor(string connectionString) => new()
    {
        SchemaName = HangfireSchema(connectionString),
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromSeconds(1),
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// <c>hangfire</c>, or <c>{schema}_hangfire</c> when the connection string's search path puts our tables in a schema
    /// of their own: two deployments in one database must not share job state.
    /// </summary>
    public static string HangfireSchema(string connectionString)
    {
        var schema = PostgreSqlSearchPath.FirstSchema(new NpgsqlConnectionStringBuilder(connectionString).SearchPath);
        return schema is null ? "hangfire" : schema + "_hangfire";
    }

    /// <summary>Registers the recurring housekeeping jobs when the host starts.</summary>
    private sealed class RecurringJobs(IRecurringJobManager recurring) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recurring.AddOrUpdate<ListingChangesPruneJob>(ListingChangesPruneJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
