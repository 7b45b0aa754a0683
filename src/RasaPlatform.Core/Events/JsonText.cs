using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RasaPlatform.Core.Events;

/// <summary>Reads JSON strings without throwing on those that are not Unicode text.</summary>
public static class JsonText
{
    /// <summary>
    /// The string <paramref name="element"/> holds, when it is a JSON string that is Unicode text; false for any other
    /// value and for a string with a lone surrogate escape (<c>"\ud83d"</c>), which .NET cannot read as text.
    /// </summary>
    public static bool TryGetText(this JsonElement element, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
