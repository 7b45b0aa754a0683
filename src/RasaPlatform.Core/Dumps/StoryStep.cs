using System.Globalization;
using System.Text;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Dumps;

/// <summary>What a story holds of one event: a user turn, an action, a slot or a loop; null for everything else.</summary>
internal static class StoryStep
{
    private static readonly HashSet<string> LeftOutActions = new(StringComparer.Ordinal) { "action_listen", "action_session_start" };

    /// <summary>Whether the event is a step of a story: bot messages, session starts, listens and the rest are not.</summary>
    public static bool IsStep(DumpEvent e) => e.Type switch
    {
        EventTypes.User or EventTypes.Slot => true,
        EventTypes.ActiveLoop or EventTypes.LegacyForm => true,
        EventTypes.Action => e.Name is { } name ? !LeftOutActions.Contains(name) : e.ActionText is not null,
        _ => false,
    };

    /// <summary>
    /// The user text with its entities inline, as Rasa's training data writes them: <c>[Berlin](city)</c>, or
    /// <c>[Berlin]{"entity": "city", "value": "BER"}</c> when the value is not the text or a role or group is set.
    /// </summary>
    /// <remarks>
    /// Offsets count Unicode code points, as Python's do. Entities without offsets inside the text, or overlapping an
    /// earlier one, are left out of the text.
    /// </remarks>
    public static string Annotated(string text, IReadOnlyList<DumpEntity> entities)
    {
        var offsets = CodePointOffsets(text);
        var builder = new StringBuilder(text.Length + (entities.Count * 16));
        var position = 0;
        foreach (var entity in entities.Where(e => e.Start is { } s && e.End is { } end && s >= 0 && end > s && end < offsets.Length).OrderBy(e => e.Start))
        {
            var (start, end) = (offsets[entity.Start!.Value], offsets[entity.End!.Value]);
            if (start < position)
            {
                continue;
            }

            var covered = text[start..end];
            builder.Append(text, position, start - position).Append('[').Append(covered).Append(']').Append(Annotation(entity, covered));
            position = end;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Rasa 1.x's entity JSON after an intent: <c>{"city": "Berlin"}</c>; empty without entities.</summary>
    public static string EntityObject(IReadOnlyList<DumpEntity> entities) => entities.Count == 0
        ? string.Empty
        : "{" + string.Join(", ", entities.Select(e => $"{JsonString(e.Name)}: {e.ValueJson}")) + "}";

    /// <summary>A JSON string literal, every non-ASCII or control character escaped.</summary>
    public static string JsonString(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || c > '~' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string Annotation(DumpEntity entity, string covered)
    {
        if (entity.Value == covered && entity.Role is null && entity.Group is null)
        {
            return $"({entity.Name})";
        }

        var parts = new List<string> { $"\"entity\": {JsonString(entity.Name)}" };
        if (entity.Value != covered)
        {
            parts.Add($"\"value\": {entity.ValueJson}");
        }

        if (entity.Role is { } role)
        {
            parts.Add($"\"role\": {JsonString(role)}");
        }

        if (entity.Group is { } group)
        {
            parts.Add($"\"group\": {JsonString(group)}");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>The UTF-16 index of each code point of <paramref name="text"/>, and its length last.</summary>
    internal static int[] CodePointOffsets(string text)
    {
        var offsets = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        offsets.Add(text.Length);
        return [.. offsets];
    }
}
