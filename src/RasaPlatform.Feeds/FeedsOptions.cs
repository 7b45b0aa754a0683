namespace RasaPlatform.Feeds;

/// <summary>The feed from Rasa's Pika event broker (<c>Feeds:RabbitMq</c>); consumed when <see cref="Uri"/> is set.</summary>
public sealed class RabbitMqFeedOptions
{
    public const string Section = "Feeds:RabbitMq";

    /// <summary>The broker: <c>amqp://user:password@host:5672/vhost</c>, or <c>amqps://</c> for TLS.</summary>
    public string? Uri { get; set; }

    /// <summary>The queues to consume, comma-separated; Rasa's default is <c>rasa_core_events</c>.</summary>
    public string Queues { get; set; } = "rasa_core_events";

    /// <summary>The fanout exchange Rasa publishes to; Rasa's default is <c>rasa-exchange</c>.</summary>
    public string Exchange { get; set; } = "rasa-exchange";

    /// <summary>
    /// Whether to declare the exchange and the queues and bind them, with exactly Rasa's properties (a non-durable
    /// fanout exchange, durable queues), so that nothing published before Rasa or we first connect is lost; when false
    /// the queues must exist.
    /// </summary>
    public bool Declare { get; set; } = true;

    /// <summary>How many unacknowledged messages the broker may hand us at a time.</summary>
    public int Prefetch { get; set; } = 5000;

    /// <summary>The most messages committed, and then acknowledged, together.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// Whether to consume each queue as RabbitMQ's exclusive consumer: one service instance consumes it at a time, which
    /// keeps each conversation's events in the order Rasa published them, and the others stand by and take over within
    /// <see cref="StandbyRetry"/> when it goes. False lets instances share a queue's messages, which spreads the work but
    /// may store two events of one conversation that arrived close together in the other order.
    /// </summary>
    public bool ExclusiveConsumer { get; set; } = true;

    /// <summary>How often a standing-by instance asks for the queue again.</summary>
    public TimeSpan StandbyRetry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The queues, trimmed, without empty items.</summary>
    public IReadOnlyList<string> QueueNames => [.. Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}

/// <summary>The feed from Rasa's SQL event broker (<c>Feeds:SqlEventBroker</c>); tailed when a connection string is set.</summary>
public sealed class SqlEventBrokerFeedOptions
{
    public const string Section = "Feeds:SqlEventBroker";

    /// <summary><c>Sqlite</c> or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The broker's database: <c>Data Source=events.db</c> for SQLite; a PostgreSQL connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table Rasa writes, <c>events(id, sender_id, data)</c>.</summary>
    public string Table { get; set; } = "events";

    /// <summary>How long to wait before looking again when everything was read.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The most rows read and committed together.</summary>
    public int BatchSize { get; set; } = 1000;
}
