using System.Text;
using RasaPlatform.Core.Dumps;

namespace RasaPlatform.Core.Corrections;

/// <summary>Writes Rasa 3 NLU training data in YAML: <c>version: "3.1"</c> and one <c>nlu</c> item per intent.</summary>
/// <remarks>
/// Intents and each intent's examples are written in ordinal order, so the same corrections always give the same
/// file. Examples go in a literal block (<c>examples: |</c>), one <c>- example</c> line each, as Rasa writes them;
/// <see cref="NluExample"/> makes sure each is one line a block can hold. Without examples the file is
/// <c>nlu: []</c>: Rasa's schema allows the empty sequence and its reader loads it as empty training data.
/// </remarks>
internal static class NluTrainingData
{
    /// <summary>The version Rasa 3 writes and reads.</summary>
    public const string Version = "3.1";

    /// <summary>The file for <paramref name="examples"/>: intent name to its example lines.</summary>
    public static string Write(IReadOnlyDictionary<string, IReadOnlyCollection<string>> examples)
    {
        var yaml = new StringBuilder().Append("version: \"").Append(Version).Append("\"\n");
        if (examples.Count == 0)
        {
            return yaml.Append("nlu: []\n").ToString();
        }

        yaml.Append("nlu:\n");
        foreach (var (intent, lines) in examples.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            yaml.Append("- intent: ").Append(YamlText.Scalar(intent)).Append('\n').Append("  examples: |\n");
            foreach (var line in lines.Order(StringComparer.Ordinal))
            {
                yaml.Append("    - ").Append(line).Append('\n');
            }
        }

        return yaml.ToString();
    }
}
