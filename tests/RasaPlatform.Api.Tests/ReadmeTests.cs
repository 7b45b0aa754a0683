using Markdig;
using Markdig.Syntax;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// README renders as written: parsed by a CommonMark parser (Markdig), every code fence is closed by a fence of its
/// own, so no block swallows the sections after it, and every section heading is a heading.
/// </summary>
public sealed class ReadmeTests
{
    [Fact]
    public void Readme_EveryFenceClosesAndEverySectionIsAHeading()
    {
        var text = File.ReadAllText(Path.Combine(DeploymentTests.FindRoot(), "README.md"));

        Assert.Equal([], UnclosedFences(text));
        var headings = Headings(text);
        foreach (var section in new[] { "The two commands", "Walk-through with a real Rasa tracker", "Importing files", "Command line", "Metrics and logs", "Configuration", "Testing" })
        {
            Assert.Contains(section, headings);
        }

        // Every line that looks like a second-level heading outside a fence is one.
        Assert.Equal(
            text.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).Except(FencedLines(text)).Order(),
            headings.Order());
    }

    [Theory]
    [InlineData("```sh\nrun\n``` then more\n\n## Swallowed\n", 1)]
    [InlineData("````\n```\n```\n", 1)]
    [InlineData("```sh\nrun\n```\n\n## Seen\n", 0)]
    public void UnclosedFences_FindsWhatACommonMarkRendererWouldSwallow(string markdown, int unclosed)
    {
        Assert.Equal(unclosed, UnclosedFences(markdown).Count);
    }

    /// <summary>The first line of each fenced block that no closing fence ends (it runs to the end of the document).</summary>
    private static List<int> UnclosedFences(string markdown) =>
        [.. Markdown.Parse(markdown).Descendants<FencedCodeBlock>().Where(b => b.ClosingFencedCharCount == 0).Select(b => b.Line + 1)];

    private static List<string> Headings(string markdown) =>
        [.. Markdown.Parse(markdown).Descendants<HeadingBlock>().Where(h => h.Level == 2).Select(h => h.Inline?.FirstChild?.ToString() ?? string.Empty)];

    private static HashSet<string> FencedLines(string markdown) =>
        [.. Markdown.Parse(markdown).Descendants<FencedCodeBlock>().SelectMany(b => b.Lines.Lines.Take(b.Lines.Count).Select(l => l.ToString()))
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim())];
}
