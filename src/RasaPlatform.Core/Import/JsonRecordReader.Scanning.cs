using System.Buffers;

namespace RasaPlatform.Core.Import;

/// <summary>Layout detection and the structural scan that finds where a record ends.</summary>
internal sealed partial class JsonRecordReader
{
    private static readonly SearchValues<byte> Structural = SearchValues.Create("{}[]\""u8);
    private static readonly SearchValues<byte> StringSpecial = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> ScalarEnd = SearchValues.Create(",]} \t\r\n"u8);
    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);

    private byte[] _closers = new byte[64];

    private enum ScanResult
    {
        Complete,
        Incomplete,
        Mismatch,
    }

    /// <summary>
    /// A file starting with <c>[</c> is an array of records. Otherwise it is line-delimited when its first or second
    /// non-blank line holds exactly one JSON value, and a sequence of multi-line documents when not.
    /// </summary>
    private Step DetectLayout()
    {
        if (_offset == 0 && _pos == 0)
        {
            if (_end < 3 && !_eof)
            {
                return Import.Step.NeedMore;
            }

            if (_buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
            {
                _pos = _linePos = 3;
            }
        }

        var p = SkipWhitespace(_pos);
        if (p == _end)
        {
            return _eof ? Import.Step.Done : Import.Step.NeedMore;
        }

        if (_buffer[p] == (byte)'[')
        {
            _pos = p + 1;
            _layout = FileLayout.Array;
            return Import.Step.Continue;
        }

        var first = ProbeLine(p);
        if (first.NeedMore)
        {
            return Import.Step.NeedMore;
        }

        if (first.OneValue || first.Next < 0)
        {
            _layout = FileLayout.Lines;
            return Import.Step.Continue;
        }

        var q = SkipWhitespace(first.Next);
        var second = q == _end ? new LineProbe(!_eof, true, -1) : ProbeLine(q);
        if (second.NeedMore)
        {
            return Import.Step.NeedMore;
        }

        _layout = second.OneValue ? FileLayout.Lines : FileLayout.Documents;
        return Import.Step.Continue;
    }

    private LineProbe ProbeLine(int start)
    {
        var newline = _buffer.AsSpan(start, _end - start).IndexOf((byte)'\n');
        if (newline < 0 && !_eof)
        {
            return new LineProbe(true, false, -1);
        }

        var lineEnd = newline < 0 ? _end : start + newline;
        var oneValue = ScanValue(start, lineEnd, out var valueEnd, out _) == ScanResult.Complete
            && Trim(valueEnd, lineEnd).Length == 0;
        return new LineProbe(false, oneValue, newline < 0 ? -1 : lineEnd + 1);
    }

    private Step NextElement()
    {
        var p = _pos = SkipWhitespace(_pos);
        if (p == _end)
        {
            return _eof ? Fatal(p, "malformed JSON: the array is not closed before the end of the file") : Import.Step.NeedMore;
        }

        var b = _buffer[p];
        if (b == (byte)']')
        {
            _pos = p + 1;
            _layout = FileLayout.AfterArray;
            return Import.Step.Continue;
        }

        if (!_expectComma)
        {
            return ScanRecord(p);
        }

        if (b != (byte)',')
        {
            return Fatal(p, $"malformed JSON: expected ',' or ']' between records but found '{(char)b}'; the rest of the file is skipped");
        }

        _pos = p + 1;
        _expectComma = false;
        return Import.Step.Continue;
    }

    private Step NextDocument()
    {
        var p = _pos = SkipWhitespace(_pos);
        if (p == _end)
        {
            return _eof ? Import.Step.Done : Import.Step.NeedMore;
        }

        return _buffer[p] is (byte)'{' or (byte)'['
            ? ScanRecord(p)
            : Fatal(p, $"malformed JSON: expected a JSON object but found '{(char)_buffer[p]}'; the rest of the file is skipped");
    }

    private Step AfterArray()
    {
        var p = _pos = SkipWhitespace(_pos);
        if (p < _end)
        {
            return Fatal(p, "malformed JSON: unexpected content after the closing ']'");
        }

        return _eof ? Import.Step.Done : Import.Step.NeedMore;
    }

    private Step ScanRecord(int start)
    {
        switch (ScanValue(start, _end, out var end, out var errorAt))
        {
            case ScanResult.Complete:
                var line = LineAt(start);
                _pos = end;
                _expectComma = true;
                return Import.Step.Of(new RawRecord(_buffer.AsMemory(start, end - start), line, null));
            case ScanResult.Incomplete when !_eof:
                return Import.Step.NeedMore;
            case ScanResult.Incomplete:
                return Fatal(start, $"malformed JSON: the record starting at line {LineAt(start)} is not closed before the end of the file");
            default:
                var startLine = LineAt(start);
                var message = $"malformed JSON: unexpected '{(char)_buffer[errorAt]}' at line {LineAt(errorAt)} in the record starting at line {startLine}; the rest of the file is skipped";
                _linePos = start;
                _line = startLine;
                return Fatal(start, message);
        }
    }

    private Step Fatal(int position, string message)
    {
        var line = LineAt(position);
        _layout = FileLayout.Done;
        return Import.Step.Of(new RawRecord(default, line, message));
    }

    /// <summary>Finds the end of the JSON value at <paramref name="start"/> from brackets and strings alone.</summary>
    /// <param name="start">The value's first byte.</param>
    /// <param name="limit">Exclusive end of the bytes to look at.</param>
    /// <param name="end">Exclusive end of the value when <see cref="ScanResult.Complete"/>.</param>
    /// <param name="errorAt">The offending closing bracket when <see cref="ScanResult.Mismatch"/>.</param>
    private ScanResult ScanValue(int start, int limit, out int end, out int errorAt)
    {
        end = errorAt = -1;
        var span = _buffer.AsSpan(0, limit);
        if (span[start] is not ((byte)'{' or (byte)'[' or (byte)'"'))
        {
            return ScanScalar(span, start, out end);
        }

        var depth = 0;
        var i = start;
        while (true)
        {
            var k = span[i..].IndexOfAny(Structural);
            if (k < 0)
            {
                return ScanResult.Incomplete;
            }

            i += k;
            var c = span[i];
            if (c == (byte)'"')
            {
                i = SkipString(span, i + 1);
                if (i < 0)
                {
                    return ScanResult.Incomplete;
                }
            }
            else if (c is (byte)'{' or (byte)'[')
            {
                Push(depth++, c == (byte)'{' ? (byte)'}' : (byte)']');
                i++;
            }
            else if (depth == 0 || _closers[--depth] != c)
            {
                errorAt = i;
                return ScanResult.Mismatch;
            }
            else
            {
                i++;
            }

            if (depth == 0)
            {
                end = i;
                return ScanResult.Complete;
            }
        }
    }

    private ScanResult ScanScalar(ReadOnlySpan<byte> span, int start, out int end)
    {
        var k = span[start..].IndexOfAny(ScalarEnd);
        var final = _eof && span.Length == _end;
        end = k >= 0 ? start + k : span.Length;
        return k >= 0 || final ? ScanResult.Complete : ScanResult.Incomplete;
    }

    /// <summary>The offset after the closing quote of the string whose content starts at <paramref name="i"/>; -1 if not in the span.</summary>
    private static int SkipString(ReadOnlySpan<byte> span, int i)
    {
        while (true)
        {
            var k = span[i..].IndexOfAny(StringSpecial);
            if (k < 0)
            {
                return -1;
            }

            i += k;
            if (span[i] == (byte)'"')
            {
                return i + 1;
            }

            i += 2;
            if (i >= span.Length)
            {
                return -1;
            }
        }
    }

    private void Push(int depth, byte closer)
    {
        if (depth == _closers.Length)
        {
            Array.Resize(ref _closers, depth * 2);
        }

        _closers[depth] = closer;
    }

    private int SkipWhitespace(int from)
    {
        var k = _buffer.AsSpan(from, _end - from).IndexOfAnyExcept(Whitespace);
        return k < 0 ? _end : from + k;
    }

    private readonly record struct LineProbe(bool NeedMore, bool OneValue, int Next);
}
