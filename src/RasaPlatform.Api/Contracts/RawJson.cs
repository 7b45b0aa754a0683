using System.Text.Json;
using System.Text.Json.Serialization;

namespace RasaPlatform.Api.Contracts;

/// <summary>A request body kept as the JSON that was sent, so that events are stored exactly as received.</summary>
/// <remarks>The spec's event schemas are not generated; these stand in for them (see build/generate.sh).</remarks>
public abstract class RawJson
{
    /// <summary>The JSON value as received.</summary>
    public JsonElement Value { get; init; }
}

/// <summary>The spec's <c>EventOrEvents</c>: one event object or an array of them.</summary>
[JsonConverter(typeof(RawJsonConverter<EventOrEvents>))]
public sealed class EventOrEvents : RawJson;

/// <summary>Reads any JSON value into a <see cref="RawJson"/>; writes it back unchanged.</summary>
public sealed class RawJsonConverter<T> : JsonConverter<T>
    where T : RawJson, new()
{
    /// <summary>
    /// A JSON <c>null</c> is read too, as a value holding <c>null</c>: an item of a list is then refused by the event
    /// validation, which names it (<c>body[3]</c>), instead of arriving as a null reference.
    /// </summary>
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new() { Value = JsonElement.ParseValue(ref reader) };

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => value.Value.WriteTo(writer);
}
