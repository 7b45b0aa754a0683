using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// Publishes as Rasa's Pika event broker does, to an exchange and a queue of the run's own: the fanout exchange
/// declared non-durable and the queue durable and bound to it (Rasa's declarations), persistent messages whose
/// <c>app_id</c> is the environment, on one channel with publisher confirms.
/// </summary>
/// <remarks>
/// Confirms are awaited in a sliding window: at most <see cref="Window"/> messages are unconfirmed, and each is awaited
/// once the window is full, oldest first, so publishing never stops for a round trip. A message counts as published
/// once the broker confirmed it: then it is on the durable queue. A second channel counts the queue's ready messages.
/// Disposing deletes the queue and the exchange.
/// </remarks>
internal sealed class ConfirmingPublisher : IAsyncDisposable
{
    /// <summary>The most messages published and not yet confirmed.</summary>
    public const int Window = 1_000;

    /// <summary>The environment Rasa sends in <c>app_id</c>.</summary>
    public const string RasaEnvironment = "production";

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly IChannel _observer;
    private readonly SemaphoreSlim _observing = new(1, 1);
    private readonly List<RasaMessage> _probes = [];
    private long _sent;
    private long _confirmed;

    private ConfirmingPublisher(IConnection connection, IChannel channel, IChannel observer, string exchange, string queue)
    {
        _connection = connection;
        _channel = channel;
        _observer = observer;
        Exchange = exchange;
        Queue = queue;
    }

    public string Exchange { get; }

    public string Queue { get; }

    /// <summary>The broker's product and version, as it announced them.</summary>
    public string Broker => $"{ServerProperty("product")} {ServerProperty("version")}";

    /// <summary>Messages handed to the broker so far (data set messages and probes).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Messages the broker confirmed so far.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>The probes published so far, in order.</summary>
    public IReadOnlyList<RasaMessage> Probes
    {
        get
        {
            lock (_probes)
            {
                return [.. _probes];
            }
        }
    }

    /// <summary>Connects to <paramref name="uri"/> and declares <paramref name="exchange"/> and <paramref name="queue"/> as Rasa does.</summary>
    public static async Task<ConfirmingPublisher> CreateAsync(string uri, string exchange, string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "RasaPlatform benchmark publisher" };
        var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Tracking makes each publish complete with its confirm; the window below does the limiting, not the client's
            // default throttle (128 outstanding, then delays).
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
                cancellationToken).ConfigureAwait(false);
            var observer = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(queue, exchange, routingKey: string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ConfirmingPublisher(connection, channel, observer, exchange, queue);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Messages ready in the queue (not delivered to a consumer, or given back by a dead one).</summary>
    public async Task<long> ReadyAsync(CancellationToken cancellationToken)
    {
        await _observing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await _observer.QueueDeclarePassiveAsync(Queue, cancellationToken).ConfigureAwait(false)).MessageCount;
        }
        finally
        {
            _observing.Release();
        }
    }

    /// <summary>
    /// Publishes <paramref name="stream"/>'s messages as <paramref name="plan"/> says until its time is up,
    /// <paramref name="stop"/> is cancelled or the stream ends, and waits for every confirm.
    /// </summary>
    /// <param name="stream">The messages.</param>
    /// <param name="plan">Rate, duration and probes.</param>
    /// <param name="onProbe">Called with each probe and the task of its confirm, as it is published.</param>
    /// <param name="stop">Ends publishing (not an error).</param>
    /// <exception cref="PublishException">The broker refused a message.</exception>
    public async Task<PublishResult> PublishAsync(RasaMessageStream stream, PublishPlan plan, Action<RasaMessage, Task>? onProbe, CancellationToken stop)
    {
        var outstanding = new Queue<Task>(Window + 1);
        var started = Stopwatch.GetTimestamp();
        long messages = 0;
        var probes = 0;
        var exhausted = false;
        while (!stop.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (plan.Duration >= TimeSpan.Zero && elapsed >= plan.Duration)
            {
                break;
            }

            if (plan.Rate > 0)
            {
                var ahead = TimeSpan.FromSeconds(messages / (double)plan.Rate) - elapsed;
                if (ahead > TimeSpan.FromMilliseconds(2))
                {
                    await Delay(ahead, stop).ConfigureAwait(false);
                    continue;
                }
            }

            if (plan.ProbeInterval is { } interval && plan.Probe is { } probeOf && elapsed >= interval * (probes + 0.5))
            {
                var probe = probeOf(probes++);
                lock (_probes)
                {
                    _probes.Add(probe);
                }

                var confirm = Publish(probe.Body);
                onProbe?.Invoke(probe, confirm);
                await EnqueueAsync(outstanding, confirm).ConfigureAwait(false);
            }

            if (!stream.TryNext(out var message))
            {
                exhausted = true;
                break;
            }

            messages++;
            await EnqueueAsync(outstanding, Publish(message.Body)).ConfigureAwait(false);
        }

        var handedOver = Stopwatch.GetElapsedTime(started);
        while (outstanding.TryDequeue(out var confirm))
        {
            await confirm.ConfigureAwait(false);
            Interlocked.Increment(ref _confirmed);
        }

        return new PublishResult(messages, probes, handedOver.TotalSeconds, Stopwatch.GetElapsedTime(started).TotalSeconds, exhausted);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _observer.QueueDeleteAsync(Queue).ConfigureAwait(false);
            await _observer.ExchangeDeleteAsync(Exchange).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException)
        {
            // The broker went away: nothing to delete through this connection.
        }

        await _observer.DisposeAsync().ConfigureAwait(false);
        await _channel.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _observing.Dispose();
    }

    private string ServerProperty(string name) =>
        _connection.ServerProperties?.TryGetValue(name, out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "?";

    private Task Publish(byte[] body)
    {
        Interlocked.Increment(ref _sent);
        var properties = new BasicProperties { Persistent = true, AppId = RasaEnvironment };
        return _channel.BasicPublishAsync(Exchange, string.Empty, mandatory: false, properties, body).AsTask();
    }

    /// <summary>Adds a confirm to the window; awaits the oldest while the window is full, and any already done.</summary>
    private async Task EnqueueAsync(Queue<Task> outstanding, Task confirm)
    {
        outstanding.Enqueue(confirm);
        while (outstanding.Count >= Window || (outstanding.TryPeek(out var oldest) && oldest.IsCompleted))
        {
            await outstanding.Dequeue().ConfigureAwait(false);
            Interlocked.Increment(ref _confirmed);
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop sees it.
        }
    }
}

/// <summary>How a phase publishes.</summary>
/// <param name="Rate">Data set messages per second; 0 for as fast as the window of confirms allows.</param>
/// <param name="Duration">How long to publish; <see cref="Timeout.InfiniteTimeSpan"/> until stopped.</param>
/// <param name="ProbeInterval">How often a probe is published among the messages; null for none.</param>
/// <param name="Probe">The probe numbered 0, 1, … of the phase.</param>
internal sealed record PublishPlan(int Rate, TimeSpan Duration, TimeSpan? ProbeInterval = null, Func<int, RasaMessage>? Probe = null);

/// <summary>What a phase published.</summary>
/// <param name="Messages">Data set messages published and confirmed.</param>
/// <param name="Probes">Probes published and confirmed.</param>
/// <param name="Seconds">From the first publish until the last message was handed to the broker.</param>
/// <param name="ConfirmedSeconds">From the first publish until the last confirm.</param>
/// <param name="Exhausted">Whether the data set ran out before the time was up.</param>
internal sealed record PublishResult(long Messages, int Probes, double Seconds, double ConfirmedSeconds, bool Exhausted)
{
    /// <summary>Every message published, probes included.</summary>
    public long Total => Messages + Probes;

    /// <summary>Messages (probes included) confirmed per second.</summary>
    public double Rate => Total / ConfirmedSeconds;
}
