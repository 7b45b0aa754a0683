using System.Text;

namespace RasaPlatform.Core.Dumps;

/// <summary>Lines of text written to a stream as UTF-8 in chunks of about <see cref="FlushChars"/> characters.</summary>
/// <remarks>Only ever writes asynchronously (ASP.NET Core refuses synchronous writes to a response body).</remarks>
internal sealed class TextSink(Stream output)
{
    /// <summary>Characters buffered before they are written and flushed.</summary>
    public const int FlushChars = 8 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly StringBuilder _buffer = new();

    public TextSink Line(string text = "")
    {
        _buffer.Append(text).Append('\n');
        return this;
    }

    /// <summary>Writes and flushes when the buffer is full; call between whole lines.</summary>
    public Task FlushIfFullAsync(CancellationToken cancellationToken) =>
        _buffer.Length >= FlushChars ? FlushAsync(cancellationToken) : Task.CompletedTask;

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length > 0)
        {
            var bytes = Utf8.GetBytes(_buffer.ToString());
            _buffer.Clear();
            await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
