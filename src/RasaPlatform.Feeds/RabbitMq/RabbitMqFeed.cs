using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using RasaPlatform.Core.Feeds;

namespace RasaPlatform.Feeds.RabbitMq;

/// <summary>
/// Consumes Rasa's Pika event broker: connects, declares Rasa's exchange and queues (or checks the queues exist),
/// consumes each queue with manual acknowledgements (<see cref="QueueConsumer"/>), and reconnects with backoff whenever
/// the broker goes away. Each queue is a feed of its own, named <c>rabbitmq:QUEUE</c>.
/// </summary>
public sealed partial class RabbitMqFeed : BackgroundService
{
    /// <summary>How often the queues' waiting messages are counted for the status.</summary>
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(2);

    private readonly RabbitMqFeedOptions _options;
    private readonly FeedCommitter _committer;
    private readonly IClock _clock;
    private readonly ILogger<RabbitMqFeed> _logger;
    private readonly ConnectionFactory _factory;
    private readonly IReadOnlyDictionary<string, FeedStatus> _queues;
    private readonly string _redactedUri;
    private readonly string _queueList;

    public RabbitMqFeed(IOptions<RabbitMqFeedOptions> options, FeedCommitter committer, FeedMonitor monitor, IClock clock, ILogger<RabbitMqFeed> logger)
    {
        _options = options.Value;
        _committer = committer;
        _clock = clock;
        _logger = logger;
        _factory = Factory(_options);
        _queues = _options.QueueNames.ToDictionary(q => q, q => monitor.Register(FeedName(q), "rabbitmq"), StringComparer.Ordinal);
        _redactedUri = Redacted(_options.Uri!);
        _queueList = string.Join(", ", _queues.Keys);
    }

    /// <summary>The feed a queue's messages belong to: its status, its rejects.</summary>
    public static string FeedName(string queue) => "rabbitmq:" + queue;

    /// <summary>The connection settings; throws naming the setting when the URI is not an AMQP URI.</summary>
    /// <exception cref="InvalidOperationException"><c>Feeds:RabbitMq:Uri</c> is not an <c>amqp://</c> or <c>amqps://</c> URI.</exception>
    public static ConnectionFactory Factory(RabbitMqFeedOptions options)
    {
        if (!System.Uri.TryCreate(options.Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException(
                $"{RabbitMqFeedOptions.Section}:Uri must be an AMQP URI such as amqp://user:password@host:5672/vhost (amqps:// for TLS).");
        }

        if (options.QueueNames.Count == 0 || options.Prefetch is < 1 or > ushort.MaxValue || options.BatchSize < 1)
        {
            throw new InvalidOperationException(
                $"{RabbitMqFeedOptions.Section}: Queues must name a queue, Prefetch must be 1 to 65535 and BatchSize at least 1.");
        }

        return new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
            ClientProvidedName = $"RasaPlatform {Environment.MachineName} {Environment.ProcessId}",
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync(backoff, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var reason = Reason(e);
                foreach (var status in _queues.Values)
                {
                    status.Reconnecting(reason);
                }

                BrokerLost(_logger, _redactedUri, reason);
            }

            try
            {
                await Task.Delay(backoff.Next(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        foreach (var status in _queues.Values)
        {
            status.Stopped();
        }
    }

    /// <summary>One connection's life: declare, consume every queue, count their lag; returns or throws when it ends.</summary>
    private async Task ConsumeAsync(Backoff backoff, CancellationToken stoppingToken)
    {
        await using var connection = await _factory.CreateConnectionAsync(stoppingToken).ConfigureAwait(false);
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, args) =>
        {
            closed.TrySetResult($"{args.ReplyCode} {args.ReplyText}");
            return Task.CompletedTask;
        };

        await DeclareAsync(connection, stoppingToken).ConfigureAwait(false);
        backoff.Reset();
        Connected(_logger, _redactedUri, _queueList);

        using var life = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        List<Task> work =
        [
            .. _queues.Select(q => new QueueConsumer(connection, q.Key, _options, _committer, q.Value, _clock, _logger).RunAsync(life.Token)),
            CountLagAsync(connection, life.Token),
        ];
        var ended = await Task.WhenAny([closed.Task, .. work]).ConfigureAwait(false);
        await life.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(work.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
        if (ended == closed.Task)
        {
            throw new InvalidOperationException($"the broker closed the connection ({await closed.Task.ConfigureAwait(false)})");
        }

        await ended.ConfigureAwait(false);
        throw new InvalidOperationException("a queue's consumer ended");
    }

    /// <summary>
    /// Declares what Rasa declares, with Rasa's properties (RabbitMQ refuses a second declaration with others): the
    /// fanout exchange non-durable, each queue durable and bound to it. Without declaring, each queue must exist.
    /// </summary>
    private async Task DeclareAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_options.Declare)
        {
            await channel.ExchangeDeclareAsync(_options.Exchange, ExchangeType.Fanout, durable: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var queue in _queues.Keys)
        {
            if (_options.Declare)
            {
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                await channel.QueueBindAsync(queue, _options.Exchange, routingKey: string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Counts each queue's ready messages every few seconds, on a channel of its own.</summary>
    private async Task CountLagAsync(IConnection connection, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    foreach (var (queue, status) in _queues)
                    {
                        var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
                        status.SetLag(ok.MessageCount);
                    }

                    await Task.Delay(LagInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationInterruptedException or AlreadyClosedException)
            {
                // A queue is gone for the moment (its consumer reports why); count again shortly.
                foreach (var status in _queues.Values)
                {
                    status.SetLag(null);
                }

                await Task.Delay(LagInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The broker's reason when it gave one, else the exception's message.</summary>
    internal static string Reason(Exception e) => e switch
    {
        OperationInterruptedException { ShutdownReason: { } reason } => $"{reason.ReplyCode} {reason.ReplyText}",
        BrokerUnreachableException { InnerException: { } inner } => $"the broker is unreachable: {inner.Message}",
        _ => e.Message,
    };

    /// <summary>The URI without its password, for logs.</summary>
    private static string Redacted(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0
            ? uri.Replace(parsed.UserInfo, parsed.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : uri;

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ feed: connected to {Uri}, consuming {Queues}")]
    private static partial void Connected(ILogger logger, string uri, string queues);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ feed: no connection to {Uri} ({Reason}); reconnecting")]
    private static partial void BrokerLost(ILogger logger, string uri, string reason);
}
