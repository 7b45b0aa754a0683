using System.Text;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Net.Http.Headers;

namespace RasaPlatform.Api.Markers;

/// <summary>
/// Reads a marker configuration body (<c>application/yaml</c>, <c>application/x-yaml</c>, <c>text/yaml</c> or
/// <c>application/json</c>) as its text, for the one operation whose body the contract gives as a string; the reader
/// of the configuration judges the text. UTF-8 only (another charset is refused before binding); at most
/// <see cref="MaximumBytes"/>.
/// </summary>
internal sealed class MarkerBodyFormatter : InputFormatter
{
    /// <summary>The largest configuration accepted.</summary>
    public const int MaximumBytes = 1 << 20;

    /// <summary>The media types a configuration comes in; the YAML ones are what <c>Accept</c> asks for YAML with too.</summary>
    public static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    public MarkerBodyFormatter()
    {
        foreach (var type in YamlTypes.Append("application/json"))
        {
            SupportedMediaTypes.Add(MediaTypeHeaderValue.Parse(type));
        }
    }

    protected override bool CanReadType(Type type) => type == typeof(string);

    public override async Task<InputFormatterResult> ReadRequestBodyAsync(InputFormatterContext context)
    {
        var body = context.HttpContext.Request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, context.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaximumBytes)
            {
                throw new BadHttpRequestException($"A marker configuration may be at most {MaximumBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return await InputFormatterResult.SuccessAsync(text.TrimStart('\uFEFF')).ConfigureAwait(false);
        }
        catch (DecoderFallbackException)
        {
            context.ModelState.TryAddModelError(context.ModelName, "The configuration is not valid UTF-8.");
            return await InputFormatterResult.FailureAsync().ConfigureAwait(false);
        }
    }
}
