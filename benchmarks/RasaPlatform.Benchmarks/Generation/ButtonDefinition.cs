using System.Text.Json;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>A button on a bot message; clicking it sends <paramref name="Payload"/> as the user text.</summary>
/// <param name="Title">The label.</param>
/// <param name="Payload"><c>/intent</c> or <c>/intent{"entity": value}</c>, as Rasa's payload syntax.</param>
public sealed record ButtonDefinition(string Title, string Payload)
{
    /// <summary>The intent the payload names.</summary>
    public string Intent { get; } = Payload[1..(Payload.IndexOf('{', StringComparison.Ordinal) is var brace and >= 0 ? brace : Payload.Length)];

    /// <summary>The entity the payload sets, its value as raw JSON, and the span of the JSON object in the text.</summary>
    public (string Name, string RawValue, int Start, int End)? Entity { get; } = ParseEntity(Payload);

    private static (string, string, int, int)? ParseEntity(string payload)
    {
        var brace = payload.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(payload[brace..]);
        var property = json.RootElement.EnumerateObject().First();
        return (property.Name, property.Value.GetRawText(), brace, payload.Length);
    }
}
