using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Feeds.RabbitMq;
using RasaPlatform.Feeds.SqlEventBroker;
using RasaPlatform.Storage.Rasa;

namespace RasaPlatform.Feeds;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the feeds' monitor and committer, and hosts each feed that is configured: the RabbitMQ consumer when
    /// <c>Feeds:RabbitMq:Uri</c> is set, the SQL event broker tail when <c>Feeds:SqlEventBroker:ConnectionString</c> is.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured feed's settings are not usable; the message names the setting.</exception>
    public static IServiceCollection AddRasaFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FeedMonitor>();
        services.AddSingleton<FeedCommitter>();

        var rabbit = configuration.GetSection(RabbitMqFeedOptions.Section);
        var rabbitOptions = rabbit.Get<RabbitMqFeedOptions>() ?? new RabbitMqFeedOptions();
        if (!string.IsNullOrWhiteSpace(rabbitOptions.Uri))
        {
            // Fail at startup, not in the background, when the settings cannot work.
            RabbitMqFeed.Factory(rabbitOptions);
            services.Configure<RabbitMqFeedOptions>(rabbit);
            services.AddHostedService<RabbitMqFeed>();
        }

        var sql = configuration.GetSection(SqlEventBrokerFeedOptions.Section);
        var sqlOptions = sql.Get<SqlEventBrokerFeedOptions>() ?? new SqlEventBrokerFeedOptions();
        if (!string.IsNullOrWhiteSpace(sqlOptions.ConnectionString))
        {
            services.Configure<SqlEventBrokerFeedOptions>(sql);
            services.AddSingleton<IRasaEventBrokerSource>(SqlEventBrokerSource(sqlOptions));
            services.AddHostedService<SqlEventBrokerFeed>();
        }

        return services;
    }

    private static RasaSqlEventBroker SqlEventBrokerSource(SqlEventBrokerFeedOptions options)
    {
        const string what = "Rasa SQL event broker";
        var section = SqlEventBrokerFeedOptions.Section;
        if (options.PollInterval <= TimeSpan.Zero || options.BatchSize < 1)
        {
            throw new InvalidOperationException($"{section}: PollInterval must be positive and BatchSize at least 1.");
        }

        try
        {
            var database = options.Provider.ToUpperInvariant() switch
            {
                "SQLITE" => RasaDatabase.Sqlite(options.ConnectionString!, what),
                "POSTGRESQL" => RasaDatabase.PostgreSql(options.ConnectionString!, what),
                _ => throw new InvalidOperationException($"{section}:Provider must be Sqlite or PostgreSql, not '{options.Provider}'."),
            };
            return new RasaSqlEventBroker(database, options.Table);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{section}: {e.Message}", e);
        }
    }
}
