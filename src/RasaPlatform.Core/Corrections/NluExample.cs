using System.Text;
using System.Text.RegularExpressions;
using RasaPlatform.Core.Dumps;

namespace RasaPlatform.Core.Corrections;

/// <summary>One line of Rasa's YAML NLU training data: a user text with its entities written inline.</summary>
/// <remarks>
/// <para>
/// Rasa reads an intent's <c>examples</c> block line by line (Python's <c>splitlines</c>), takes each line after its
/// leading <c>-</c>, strips spaces, and finds entities with one regular expression (<see cref="Markup"/>, Rasa's
/// <c>ENTITY_REGEX</c> in <c>rasa/shared/nlu/training_data/entities_parser.py</c>); there is no escape. So an example
/// is one line: every character a YAML block or Python's line splitting would not keep on the line (line breaks,
/// control and non-characters, lone surrogates) becomes a space, one UTF-16 unit for one, so entity offsets still fit.
/// </para>
/// <para>
/// An entity is written <c>[covered](entity)</c> when it has no role and no group and its value is the covered text,
/// and <c>[covered]{"entity": ..., "role": ..., "group": ..., "value": ...}</c> with only the keys set otherwise.
/// Rasa validates that dictionary's values as strings, so a value that is not a string is written as its JSON text in
/// a string. Entities whose offsets (Unicode code points, as Python counts) do not fit the text, that overlap an
/// earlier one, or whose covered text holds <c>]</c> (it would end the markup early) are left out of the markup.
/// Finally the line is read back as Rasa would: when that does not give its text and entities (the user typed
/// something that reads as markup), the plain text is used instead, and nothing when even that reads as markup.
/// </para>
/// </remarks>
internal static partial class NluExample
{
    /// <summary>The text Rasa reads from the example line of <paramref name="text"/>: what tells examples apart.</summary>
    public static string Plain(string text) => OneLine(text).Trim(' ');

    /// <summary>The example line for <paramref name="text"/> and its <paramref name="entities"/>; null when Rasa could not read it back.</summary>
    public static string? Line(string text, IReadOnlyList<DumpEntity> entities)
    {
        var plain = OneLine(text);
        var (annotated, placed) = Annotated(plain, text, entities);
        if (ReadsBackAs(annotated, plain, placed))
        {
            return annotated.Trim(' ');
        }

        return placed.Count > 0 && ReadsBackAs(plain, plain, []) ? plain.Trim(' ') : null;
    }

    /// <summary>
    /// Rasa's <c>ENTITY_REGEX</c>: <c>[text](entity)</c>, <c>[text](entity:value)</c> or <c>[text]{json}</c>.
    /// </summary>
    [GeneratedRegex("""\[(?<text>[^\]]+?)\](\((?<entity>[^:)]+?)(?:\:(?<value>[^)]+))?\)|\{(?<dict>[^}]+?)\})""")]
    internal static partial Regex Markup();

    /// <summary>The text with every character a line cannot keep replaced by a space.</summary>
    private static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) || YamlText.NeedsEscape(c) ? ' ' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The line with its entities inline, and where each placed entity starts in the plain line, with its covered text.</summary>
    private static (string Line, List<(int Start, string Covered)> Placed) Annotated(string plain, string original, IReadOnlyList<DumpEntity> entities)
    {
        var offsets = StoryStep.CodePointOffsets(plain);
        var builder = new StringBuilder(plain.Length + (entities.Count * 16));
        var placed = new List<(int, string)>();
        var position = 0;
        foreach (var entity in entities.Where(e => e.Start is { } s && e.End is { } end && s >= 0 && end > s && end < offsets.Length).OrderBy(e => e.Start))
        {
            var (start, end) = (offsets[entity.Start!.Value], offsets[entity.End!.Value]);
            var covered = plain[start..end];
            if (start < position || covered.Contains(']', StringComparison.Ordinal))
            {
                continue;
            }

            builder.Append(plain, position, start - position).Append('[').Append(covered).Append(']').Append(Annotation(entity, original[start..end]));
            placed.Add((start, covered));
            position = end;
        }

        return (builder.Append(plain, position, plain.Length - position).ToString(), placed);
    }

    private static string Annotation(DumpEntity entity, string covered)
    {
        var value = entity.Value ?? (entity.ValueJson == "null" ? null : entity.ValueJson);
        if ((value is null || value == covered) && entity.Role is null && entity.Group is null && !entity.Name.Any(c => c is ':' or ')'))
        {
            return $"({entity.Name})";
        }

        var parts = new List<string> { $"\"entity\": {JsonString(entity.Name)}" };
        if (entity.Role is { } role)
        {
            parts.Add($"\"role\": {JsonString(role)}");
        }

        if (entity.Group is { } group)
        {
            parts.Add($"\"group\": {JsonString(group)}");
        }

        if (value is not null && value != covered)
        {
            parts.Add($"\"value\": {JsonString(value)}");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>A JSON string that cannot end Rasa's <c>{...}</c> markup early: braces are escaped too.</summary>
    private static string JsonString(string text) =>
        StoryStep.JsonString(text).Replace("{", "\\u007b", StringComparison.Ordinal).Replace("}", "\\u007d", StringComparison.Ordinal);

    /// <summary>Whether Rasa reads <paramref name="line"/> as <paramref name="plain"/> with exactly the <paramref name="placed"/> entities.</summary>
    private static bool ReadsBackAs(string line, string plain, List<(int Start, string Covered)> placed)
    {
        var found = new List<(int, string)>();
        var removed = 0;
        foreach (Match match in Markup().Matches(line))
        {
            var covered = match.Groups["text"].Value;
            found.Add((match.Index - removed, covered));
            removed += match.Length - covered.Length;
        }

        return Markup().Replace(line, m => m.Groups["text"].Value) == plain && found.SequenceEqual(placed);
    }
}
