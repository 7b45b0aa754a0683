using System.Buffers;
using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Writes Rasa 3 events as NDJSON: one compact JSON object per line, each carrying <c>sender_id</c>.</summary>
/// <remarks>
/// Field order follows Rasa's event broker: <c>sender_id</c>, then the event's <c>as_dict()</c> (<c>event</c>,
/// <c>timestamp</c>, <c>metadata</c>, its own fields). Every event's metadata carries the conversation's
/// <c>model_id</c> and <c>assistant_id</c>. Numbers are spelled as Python does (<see cref="PythonFloat"/>);
/// text is escaped only as JSON requires. Output is buffered in about 1 MiB blocks, so memory does not grow.
/// </remarks>
public sealed partial class RasaEventWriter : IDisposable
{
    private const int BlockSize = 1 << 20;
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(BlockSize + (64 * 1024));
    private readonly Utf8JsonWriter _json;
    private string _senderId = "";
    private string _assistantId = "";
    private string _modelId = "";
    private long _flushedBytes;

    /// <summary>Writes to <paramref name="output"/>, which the caller owns.</summary>
    public RasaEventWriter(Stream output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, RawJson.CompactWriter);
    }

    /// <summary>Events written so far.</summary>
    public long EventCount { get; private set; }

    /// <summary>Bytes written so far (including those still buffered), newlines included.</summary>
    public long ByteCount => _flushedBytes + _buffer.WrittenCount;

    /// <summary>Sets the conversation the following events belong to.</summary>
    public void BeginConversation(string senderId, string assistantId, string modelId)
    {
        _senderId = senderId;
        _assistantId = assistantId;
        _modelId = modelId;
    }

    /// <summary>Writes out everything buffered.</summary>
    public void Flush()
    {
        WriteBlock();
        _output.Flush();
    }

    public void Dispose() => _json.Dispose();

    private void Begin(string type, long micros, bool closeMetadata = true)
    {
        _json.WriteStartObject();
        _json.WriteString(Names.SenderId, _senderId);
        _json.WriteString(Names.Event, type);
        WriteFloat(Names.Timestamp, micros / (double)TimeModel.MicrosPerSecond);
        _json.WriteStartObject(Names.Metadata);
        if (closeMetadata)
        {
            CloseMetadata();
        }
    }

    private void CloseMetadata()
    {
        _json.WriteString(Names.ModelId, _modelId);
        _json.WriteString(Names.AssistantId, _assistantId);
        _json.WriteEndObject();
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        EventCount++;
        if (_buffer.WrittenCount >= BlockSize)
        {
            WriteBlock();
        }
    }

    private void WriteBlock()
    {
        _flushedBytes += _buffer.WrittenCount;
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    private void WriteFloat(JsonEncodedText name, double value)
    {
        _json.WritePropertyName(name);
        WriteFloatValue(value);
    }

    private void WriteFloatValue(double value)
    {
        Span<byte> digits = stackalloc byte[PythonFloat.MaxLength];
        _json.WriteRawValue(digits[..PythonFloat.Format(value, digits)], skipInputValidation: true);
    }

    private void WriteNullableFloat(JsonEncodedText name, double? value)
    {
        if (value is { } v)
        {
            WriteFloat(name, v);
        }
        else
        {
            _json.WriteNull(name);
        }
    }
}
