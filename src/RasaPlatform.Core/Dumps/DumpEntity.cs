using System.Text.Json;

namespace RasaPlatform.Core.Dumps;

/// <summary>One entity of a user message, as its parse data gives it.</summary>
/// <param name="Name">The entity type (<c>entity</c>).</param>
/// <param name="ValueJson">Its <c>value</c> as raw JSON (<c>null</c> when absent).</param>
/// <param name="Value">Its value when that is a string; null otherwise.</param>
/// <param name="Start">Start offset in the text in Unicode code points (Python's string indexes), when given.</param>
/// <param name="End">End offset, exclusive, in code points, when given.</param>
/// <param name="Role">Its <c>role</c>, when given.</param>
/// <param name="Group">Its <c>group</c>, when given.</param>
internal sealed record DumpEntity(string Name, string ValueJson, string? Value, int? Start, int? End, string? Role, string? Group)
{
    /// <summary>The entities of a parse data's <c>entities</c> array: its objects with a string <c>entity</c>.</summary>
    /// <remarks>The reader is on the value (anything else than an array reads as none) and is left on its last token.</remarks>
    public static IReadOnlyList<DumpEntity> ReadAll(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        var entities = new List<DumpEntity>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Read(ref reader, json) is { } entity)
            {
                entities.Add(entity);
            }
        }

        return entities;
    }

    /// <summary>One item of the array: an entity when it is an object with a string <c>entity</c>; null otherwise.</summary>
    private static DumpEntity? Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? name = null, value = null, role = null, group = null;
        var valueJson = "null";
        int? start = null, end = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("entity"u8) ? 1
                : reader.ValueTextEquals("value"u8) ? 2
                : reader.ValueTextEquals("start"u8) ? 3
                : reader.ValueTextEquals("end"u8) ? 4
                : reader.ValueTextEquals("role"u8) ? 5
                : reader.ValueTextEquals("group"u8) ? 6
                : 0;
            reader.Read();
            switch (member)
            {
                case 1:
                    name = DumpEvent.ReadString(ref reader, json);
                    break;
                case 2:
                    // Reading a string leaves the reader on it, so its raw JSON can be read after it.
                    value = reader.TokenType == JsonTokenType.String ? DumpEvent.ReadString(ref reader, json) : null;
                    valueJson = DumpEvent.ReadRaw(ref reader, json);
                    break;
                case 3:
                    start = DumpEvent.ReadInteger(ref reader);
                    break;
                case 4:
                    end = DumpEvent.ReadInteger(ref reader);
                    break;
                case 5:
                    role = DumpEvent.ReadString(ref reader, json);
                    break;
                case 6:
                    group = DumpEvent.ReadString(ref reader, json);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return name is null ? null : new DumpEntity(name, valueJson, value, start, end, role, group);
    }
}
