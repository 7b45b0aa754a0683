using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NodaTime;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using RasaPlatform.Core.Feeds;

namespace RasaPlatform.Feeds.RabbitMq;

/// <summary>
/// Consumes one queue on a channel of its own: deliveries are committed in batches, in delivery order, and acknowledged
/// (one multiple acknowledgement per batch) only once the batch is committed. Whatever is unacknowledged when the
/// channel, the connection or the process dies is delivered again, and the store's idempotent append skips what was
/// already committed: every message is stored once.
/// </summary>
internal sealed partial class QueueConsumer(
    IConnection connection,
    string queue,
    RabbitMqFeedOptions options,
    FeedCommitter committer,
    FeedStatus status,
    IClock clock,
    ILogger logger)
{
    /// <summary>RabbitMQ's reply code for a queue another connection consumes exclusively.</summary>
    private const ushort AccessRefused = 403;

    private readonly string _source = "queue " + queue;

    /// <summary>Consumes until the connection closes (then throws) or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!connection.IsOpen)
            {
                throw new AlreadyClosedException(connection.CloseReason!);
            }

            try
            {
                await ConsumeAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == AccessRefused && connection.IsOpen)
            {
                status.Standby($"another consumer holds {queue} exclusively; asking again every {options.StandbyRetry.TotalSeconds:0.#} s");
                await Task.Delay(options.StandbyRetry, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && connection.IsOpen
                && e is OperationInterruptedException or AlreadyClosedException)
            {
                // The channel closed but the connection stands (the queue was deleted, say): open a new one after a wait.
                var reason = RabbitMqFeed.Reason(e);
                status.Reconnecting(reason);
                ChannelLost(logger, queue, reason);
                await Task.Delay(backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ConsumeAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, (ushort)options.Prefetch, global: false, cancellationToken).ConfigureAwait(false);

        // The dispatcher only copies each body and hands it on; committing happens on this method's loop. Never more
        // than the prefetch is outstanding, so the buffer never grows beyond it.
        var deliveries = Channel.CreateUnbounded<(ulong Tag, byte[] Body)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            deliveries.Writer.TryWrite((delivery.DeliveryTag, delivery.Body.ToArray()));
            return Task.CompletedTask;
        };
        channel.ChannelShutdownAsync += (_, args) =>
        {
            deliveries.Writer.TryComplete(new AlreadyClosedException(args));
            return Task.CompletedTask;
        };

        await channel.BasicConsumeAsync(
            queue,
            autoAck: false,
            consumerTag: $"rasaplatform-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
            noLocal: false,
            exclusive: options.ExclusiveConsumer,
            arguments: null,
            consumer,
            cancellationToken).ConfigureAwait(false);
        status.Connected();
        backoff.Reset();

        var reader = deliveries.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var batch = new FeedBatch(RabbitMqFeed.FeedName(queue));
            ulong last = 0;
            var receivedAt = clock.GetCurrentInstant();
            while (batch.Messages < options.BatchSize && reader.TryRead(out var delivery))
            {
                batch.Add(delivery.Body, _source, receivedAt);
                last = delivery.Tag;
            }

            await committer.CommitAsync(batch, position: null, status, cancellationToken).ConfigureAwait(false);
            await channel.BasicAckAsync(last, multiple: true, cancellationToken).ConfigureAwait(false);
        }

        // The channel closed: WaitToReadAsync threw the reason, or the writer completed without one.
        throw new AlreadyClosedException(channel.CloseReason ?? new ShutdownEventArgs(ShutdownInitiator.Library, 0, "the channel closed"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ feed: the channel consuming {Queue} closed ({Reason}); opening another")]
    private static partial void ChannelLost(ILogger logger, string queue, string reason);
}
