using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace RasaPlatform.Testing.RabbitMq;

/// <summary>
/// Publishes as Rasa's Pika event broker does (REFERENCE.md §9): to a fanout exchange declared non-durable, the body the
/// event's JSON with <c>sender_id</c> first, persistent delivery, the environment in <c>app_id</c>; with publisher
/// confirms, so a published message is in the broker when the call returns. Each instance has an exchange and a queue
/// of its own, which it deletes when disposed.
/// </summary>
public sealed class RasaPublisher : IAsyncDisposable
{
    private IConnection _connection;
    private IChannel _channel;

    private RasaPublisher(IConnection connection, IChannel channel, string name)
    {
        _connection = connection;
        _channel = channel;
        Exchange = name + "-exchange";
        Queue = name + "_events";
    }

    /// <summary>The exchange Rasa publishes to.</summary>
    public string Exchange { get; }

    /// <summary>The queue Rasa binds to it and we consume.</summary>
    public string Queue { get; }

    /// <summary>Declares the exchange and the queue as Rasa does, and binds them.</summary>
    public static async Task<RasaPublisher> CreateAsync(string name)
    {
        var (connection, channel) = await OpenAsync();
        var publisher = new RasaPublisher(connection, channel, $"{name}-{Guid.NewGuid():N}");
        await publisher.DeclareAsync();
        return publisher;
    }

    /// <summary>Connects again and declares again, as Rasa does after the broker went away (its exchange is not durable).</summary>
    public async Task ReconnectAsync()
    {
        await _connection.DisposeAsync();
        (_connection, _channel) = await OpenAsync();
        await DeclareAsync();
    }

    private static async Task<(IConnection, IChannel)> OpenAsync()
    {
        var connection = await RabbitMqServer.ConnectAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return (connection, channel);
    }

    private async Task DeclareAsync()
    {
        await _channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: false, autoDelete: false);
        await _channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await _channel.QueueBindAsync(Queue, Exchange, routingKey: string.Empty);
    }

    /// <summary>The body Rasa sends for an event of <paramref name="senderId"/>: <c>sender_id</c> first, then the event's fields.</summary>
    public static byte[] Body(string senderId, string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sender_id", senderId);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Publishes one event of <paramref name="senderId"/> as Rasa does.</summary>
    public ValueTask PublishAsync(string senderId, string eventJson, string? environment = "production") =>
        PublishRawAsync(Body(senderId, eventJson), environment);

    /// <summary>Publishes a body as it is (a poison message, say).</summary>
    public ValueTask PublishRawAsync(byte[] body, string? environment = "production") =>
        _channel.BasicPublishAsync(Exchange, string.Empty, mandatory: false, new BasicProperties { Persistent = true, AppId = environment }, body);

    /// <summary>The body as text, for failure messages.</summary>
    public static string Text(byte[] body) => Encoding.UTF8.GetString(body);

    /// <summary>Messages ready in the queue.</summary>
    public async Task<uint> ReadyAsync() => (await _channel.QueueDeclarePassiveAsync(Queue)).MessageCount;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var channel = await _connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(Queue);
            await channel.ExchangeDeleteAsync(Exchange);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            // The broker was restarted or is going away; a non-durable exchange is gone then anyway.
        }

        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
