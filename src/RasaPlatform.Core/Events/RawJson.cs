using System.Text.Encodings.Web;
using System.Text.Json;

namespace RasaPlatform.Core.Events;

/// <summary>Shared settings for writing JSON the platform passes through.</summary>
public static class RawJson
{
    /// <summary>
    /// Escapes only what JSON requires, so that text in any script is written as itself, as Rasa writes it.
    /// </summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Writer options for compact output.</summary>
    public static JsonWriterOptions CompactWriter { get; } = new() { Encoder = Encoder, SkipValidation = true };
}
