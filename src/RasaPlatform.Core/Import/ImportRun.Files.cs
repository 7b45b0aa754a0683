using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Import;

/// <summary>Reading one file: records in, rejects reported, good records to the batcher.</summary>
internal sealed partial class ImportRun
{
    private async Task ImportFileAsync(string path, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            // No FileStream buffer: the reader reads into its own buffer in large chunks.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Unreadable(path, e);
            return;
        }

        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await ReadRecordsAsync(path, stream, cancellationToken).ConfigureAwait(false);
                _filesRead++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Unreadable(path, e);
            }
        }

        // Each file ends with its writes handed over, so a file's records never share a batch with the next file's.
        await _batcher.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadRecordsAsync(string path, FileStream stream, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        var reader = new JsonRecordReader(stream);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } raw)
        {
            if (raw.FatalError is { } fatal)
            {
                Reject(path, raw.Line, fatal);
                return;
            }

            _records++;
            if (Parse(path, raw) is { Events.Count: > 0 } record)
            {
                _conversations.Add(ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(record.SenderId)));
                _eventsRead += record.Events.Count;
                await _batcher.AddAsync(record, cancellationToken).ConfigureAwait(false);
            }

            _progress.Tick(path, reader.Position, length, _eventsRead);
        }
    }

    /// <summary>The record's events, or null after reporting why the record is rejected.</summary>
    private ParsedRecord? Parse(string path, RawRecord raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw.Json);
            return RecordParser.Parse(document.RootElement, receivedAt);
        }
        catch (JsonException e)
        {
            var line = raw.Line + (int)(e.LineNumber ?? 0);
            Reject(path, raw.Line, $"malformed JSON at line {line}, byte {(e.BytePositionInLine ?? 0) + 1}: {WithoutPosition(e.Message)}");
        }
        catch (InvalidEventException e)
        {
            Reject(path, raw.Line, $"{e.Field}: {e.Message}");
        }

        return null;
    }

    /// <summary>The parser's message without its own position suffix, which counts from the record, not the file.</summary>
    internal static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
