using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Corrections;

/// <summary>Rules for an intent correction's name as a request gives it; errors name the field.</summary>
public static class CorrectionArguments
{
    /// <summary>The longest intent name, in UTF-16 code units, after trimming: the bound every other name has.</summary>
    public const int MaxIntentLength = 200;

    /// <summary>An intent name: trimmed of surrounding white space, then 1 to <see cref="MaxIntentLength"/> characters without control characters.</summary>
    /// <remarks>
    /// A control character could not be written to a line of training data, nor compared by PostgreSQL (a NUL); no
    /// intent Rasa predicts has one.
    /// </remarks>
    /// <exception cref="InvalidEventException">The name is missing, blank, too long or holds a control character.</exception>
    public static string Intent(string field, string? value)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidEventException(field, $"'{field}' is required: the name of the intent the message meant.");
        }

        if (name.Length > MaxIntentLength)
        {
            throw new InvalidEventException(field, $"'{field}' must be at most {MaxIntentLength} characters long.");
        }

        if (name.Any(char.IsControl))
        {
            throw new InvalidEventException(field, $"'{field}' must not contain control characters.");
        }

        // A lone surrogate (from a "\ud83d" escape) is not text: no store could keep it as UTF-8.
        return !Dumps.YamlText.HasLoneSurrogate(name)
            ? name
            : throw new InvalidEventException(field, $"'{field}' must be Unicode text (it holds a lone surrogate).");
    }
}
