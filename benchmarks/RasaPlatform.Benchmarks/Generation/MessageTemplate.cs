namespace RasaPlatform.Benchmarks.Generation;

/// <summary>A user message pattern: literal text with entity placeholders such as <c>{city}</c>.</summary>
public sealed class MessageTemplate
{
    private MessageTemplate(IReadOnlyList<(string Text, bool IsEntity)> parts) => Parts = parts;

    /// <summary>The literal pieces and entity names, in order.</summary>
    public IReadOnlyList<(string Text, bool IsEntity)> Parts { get; }

    /// <summary>The entity names the template mentions, in order.</summary>
    public IEnumerable<string> Entities => Parts.Where(p => p.IsEntity).Select(p => p.Text);

    /// <summary>Splits <paramref name="pattern"/> at its <c>{entity}</c> placeholders.</summary>
    public static MessageTemplate Parse(string pattern)
    {
        var parts = new List<(string, bool)>();
        var at = 0;
        while (pattern.IndexOf('{', at) is var open and >= 0)
        {
            var close = pattern.IndexOf('}', open);
            if (open > at)
            {
                parts.Add((pattern[at..open], false));
            }

            parts.Add((pattern[(open + 1)..close], true));
            at = close + 1;
        }

        if (at < pattern.Length)
        {
            parts.Add((pattern[at..], false));
        }

        return new MessageTemplate(parts);
    }
}
