using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Dumps;

/// <summary>The parts of one stored event a dump shows, read from its JSON.</summary>
/// <remarks>Tolerant of any stored shape: a field of an unexpected JSON type reads as absent.</remarks>
internal sealed record DumpEvent
{
    public required StoredEvent Stored { get; init; }

    public string Type => Stored.Type;

    public string? Text { get; init; }

    public string? Intent { get; init; }

    public double? IntentConfidence { get; init; }

    public IReadOnlyList<DumpEntity> Entities { get; init; } = [];

    public string? InputChannel { get; init; }

    /// <summary>Action, slot, loop, followup or other <c>name</c>.</summary>
    public string? Name { get; init; }

    public string? ActionText { get; init; }

    public string? Policy { get; init; }

    public double? Confidence { get; init; }

    /// <summary>A slot's value as raw JSON; <c>null</c> when absent.</summary>
    public string ValueJson { get; init; } = "null";

    /// <summary>Reads the event's JSON once, forward only; an event whose JSON is not an object reads as only its type.</summary>
    /// <remarks>
    /// Reads as <see cref="JsonDocument"/>'s lookups would: of members named alike the last counts, names match after
    /// unescaping, and JSON that does not parse whole (trailing text included) reads as nothing.
    /// </remarks>
    public static DumpEvent Parse(StoredEvent stored)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(stored.Json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(stored.Json, buffer);
            return ReadOrNull(stored, buffer.AsSpan(0, length)) ?? new DumpEvent { Stored = stored };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A JSON string's text, or its raw JSON when it is not valid UTF-16; null for any other value (skipped).</summary>
    /// <remarks>The reader is on the value and is left on its last token.</remarks>
    internal static string? ReadString(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return ReadRaw(ref reader, json);
        }
    }

    /// <summary>A JSON number that fits a double; null for any other value (skipped).</summary>
    internal static double? ReadNumber(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) ? number : null;
    }

    /// <summary>A JSON number that fits an int; null for any other value (skipped).</summary>
    internal static int? ReadInteger(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) ? number : null;
    }

    /// <summary>The value's JSON exactly as written (a string with its quotes), as <see cref="JsonElement.GetRawText"/> gives it.</summary>
    internal static string ReadRaw(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }

    internal static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static DumpEvent? ReadOrNull(StoredEvent stored, ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? ReadRoot(stored, ref reader, json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DumpEvent? ReadRoot(StoredEvent stored, ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        string? text = null, channel = null, name = null, actionText = null, policy = null;
        double? confidence = null;
        var value = "null";
        var parse = new ParseData(null, null, []);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = Member(ref reader);
            reader.Read();
            switch (member)
            {
                case Members.Text:
                    text = ReadString(ref reader, json);
                    break;
                case Members.InputChannel:
                    channel = ReadString(ref reader, json);
                    break;
                case Members.Name:
                    name = ReadString(ref reader, json);
                    break;
                case Members.ActionText:
                    actionText = ReadString(ref reader, json);
                    break;
                case Members.Policy:
                    policy = ReadString(ref reader, json);
                    break;
                case Members.Confidence:
                    confidence = ReadNumber(ref reader);
                    break;
                case Members.Value:
                    value = ReadRaw(ref reader, json);
                    break;
                case Members.ParseData:
                    parse = ReadParseData(ref reader, json);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // Past the root object only white space may follow: anything else throws, as it fails JsonDocument.Parse.
        return reader.Read() ? null : new DumpEvent
        {
            Stored = stored,
            Text = text,
            Intent = parse.Intent,
            IntentConfidence = parse.Confidence,
            Entities = parse.Entities,
            InputChannel = channel,
            Name = name,
            ActionText = actionText,
            Policy = policy,
            Confidence = confidence,
            ValueJson = value,
        };
    }

    private static ParseData ReadParseData(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var parse = new ParseData(null, null, []);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return parse;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("intent"u8))
            {
                reader.Read();
                var (intent, confidence) = ReadIntent(ref reader, json);
                parse = parse with { Intent = intent, Confidence = confidence };
            }
            else if (reader.ValueTextEquals("entities"u8))
            {
                reader.Read();
                parse = parse with { Entities = DumpEntity.ReadAll(ref reader, json) };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return parse;
    }

    private static (string? Name, double? Confidence) ReadIntent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        (string? Name, double? Confidence) intent = (null, null);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return intent;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("name"u8) ? 1 : reader.ValueTextEquals("confidence"u8) ? 2 : 0;
            reader.Read();
            switch (member)
            {
                case 1:
                    intent.Name = ReadString(ref reader, json);
                    break;
                case 2:
                    intent.Confidence = ReadNumber(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return intent;
    }

    private static Members Member(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("text"u8) ? Members.Text
        : reader.ValueTextEquals("input_channel"u8) ? Members.InputChannel
        : reader.ValueTextEquals("name"u8) ? Members.Name
        : reader.ValueTextEquals("action_text"u8) ? Members.ActionText
        : reader.ValueTextEquals("policy"u8) ? Members.Policy
        : reader.ValueTextEquals("confidence"u8) ? Members.Confidence
        : reader.ValueTextEquals("value"u8) ? Members.Value
        : reader.ValueTextEquals("parse_data"u8) ? Members.ParseData
        : Members.Other;

    /// <summary>A JSON string's text; its raw JSON when it is not valid UTF-16 (a lone surrogate escape).</summary>
    internal static string StringOf(JsonElement value)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText();
        }
    }

    private enum Members
    {
        Other,
        Text,
        InputChannel,
        Name,
        ActionText,
        Policy,
        Confidence,
        Value,
        ParseData,
    }

    private readonly record struct ParseData(string? Intent, double? Confidence, IReadOnlyList<DumpEntity> Entities);
}
