namespace RasaPlatform.Core.Import;

/// <summary>
/// Reads the top-level records of an import file one at a time: the elements of a JSON array, the lines of a
/// line-delimited file, or the values of a file of (pretty-printed) JSON documents.
/// </summary>
/// <remarks>
/// The file is read through one buffer that is refilled as records are consumed and grown only when a single record
/// does not fit, so memory follows the largest record, not the file. Records are found by a structural scan
/// (brackets and strings only); their content is validated by whoever parses them, so a malformed record inside
/// an array costs only that record as long as its brackets balance.
/// </remarks>
internal sealed partial class JsonRecordReader(Stream stream)
{
    private const int InitialBufferBytes = 64 * 1024;

    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _pos;
    private int _end;
    private bool _eof;
    private long _offset;
    private int _line = 1;
    private int _linePos;
    private FileLayout _layout = FileLayout.Unknown;
    private bool _expectComma;

    /// <summary>Bytes of the file consumed so far.</summary>
    public long Position => _offset + _pos;

    /// <summary>The layout detected from the file's first record.</summary>
    public FileLayout Layout => _layout;

    /// <summary>The next record, or <see langword="null"/> at the end of the file.</summary>
    /// <remarks>The returned bytes are overwritten by the next call.</remarks>
    public async ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var step = Step();
            if (step.Kind != StepKind.NeedMore)
            {
                return step.Kind == StepKind.Done ? null : step.Record;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Step Step()
    {
        while (true)
        {
            var step = _layout switch
            {
                FileLayout.Unknown => DetectLayout(),
                FileLayout.Lines => NextLine(),
                FileLayout.Array => NextElement(),
                FileLayout.Documents => NextDocument(),
                FileLayout.AfterArray => AfterArray(),
                _ => Import.Step.Done,
            };
            if (step.Kind != StepKind.Continue)
            {
                return step;
            }
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            throw new InvalidOperationException("The scanner asked for more data after the end of the file.");
        }

        LineAt(_pos);
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _offset += _pos;
            _end -= _pos;
            _linePos -= _pos;
            _pos = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _eof = read == 0;
    }

    /// <summary>The 1-based line of buffer offset <paramref name="position"/>; positions must not go backwards.</summary>
    private int LineAt(int position)
    {
        _line += _buffer.AsSpan(_linePos, position - _linePos).Count((byte)'\n');
        _linePos = position;
        return _line;
    }

    private Step NextLine()
    {
        if (_pos == _end)
        {
            return _eof ? Import.Step.Done : Import.Step.NeedMore;
        }

        var newline = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'\n');
        if (newline < 0 && !_eof)
        {
            return Import.Step.NeedMore;
        }

        var start = _pos;
        var lineEnd = newline < 0 ? _end : _pos + newline;
        _pos = newline < 0 ? _end : lineEnd + 1;
        var (trimmedStart, length) = Trim(start, lineEnd);
        return length == 0
            ? Import.Step.Continue
            : Import.Step.Of(new RawRecord(_buffer.AsMemory(trimmedStart, length), LineAt(start), null));
    }

    private (int Start, int Length) Trim(int start, int end)
    {
        while (start < end && IsWhitespace(_buffer[start]))
        {
            start++;
        }

        while (end > start && IsWhitespace(_buffer[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
