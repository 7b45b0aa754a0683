using System.Globalization;
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

    public static DumpEvent Parse(StoredEvent stored)
    {
        using var document = ParseOrNull(stored.Json);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return new DumpEvent { Stored = stored };
        }

        var parse = root.TryGetProperty("parse_data", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var intent = parse.ValueKind == JsonValueKind.Object && parse.TryGetProperty("intent", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
        return new DumpEvent
        {
            Stored = stored,
            Text = String(root, "text"),
            Intent = intent.ValueKind == JsonValueKind.Object ? String(intent, "name") : null,
            IntentConfidence = intent.ValueKind == JsonValueKind.Object ? Number(intent, "confidence") : null,
            Entities = parse.ValueKind == JsonValueKind.Object ? DumpEntity.ReadAll(parse) : [],
            InputChannel = String(root, "input_channel"),
            Name = String(root, "name"),
            ActionText = String(root, "action_text"),
            Policy = String(root, "policy"),
            Confidence = Number(root, "confidence"),
            ValueJson = root.TryGetProperty("value", out var value) ? value.GetRawText() : "null",
        };
    }

    /// <summary>A string member, or null when absent, not a string, or not valid UTF-16 (a lone surrogate escape).</summary>
    internal static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return StringOf(value);
    }

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

    internal static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
            ? number
            : null;

    internal static int? Integer(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;

    internal static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static JsonDocument? ParseOrNull(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
