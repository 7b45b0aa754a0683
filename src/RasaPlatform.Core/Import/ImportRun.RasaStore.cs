using System.Data.Common;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Import;

/// <summary>Reading a Rasa tracker store: conversations in, rejects reported, good ones to the batcher.</summary>
internal sealed partial class ImportRun
{
    /// <summary>
    /// Imports the source's conversations; with a checkpoint, after those an interrupted run already committed, and
    /// forgetting the checkpoint once every conversation is read, so that the next run reads them all again.
    /// </summary>
    public async Task ImportRasaStoreAsync(IRasaConversationSource source, CancellationToken cancellationToken)
    {
        long rows;
        long after = 0;
        try
        {
            if (checkpoint is var (feeds, feed) && await feeds.PositionAsync(feed, cancellationToken).ConfigureAwait(false) is { } resumed)
            {
                after = resumed;
            }

            rows = await source.CountRowsAsync(after, cancellationToken).ConfigureAwait(false);
            if (after > 0)
            {
                progress.WriteLine(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"import: resuming an interrupted import of {source.Name} after the conversation whose first row is {after} ({rows} rows left)"));
            }
        }
        catch (DbException e)
        {
            Unreadable(source.Name, e);
            return;
        }

        long rowsRead = 0;
        try
        {
            await foreach (var conversation in source.ReadAsync(after, cancellationToken).ConfigureAwait(false))
            {
                _records++;
                _batcher.Position = conversation.FirstRowId;
                rowsRead += conversation.Events.Count;
                if (Parse(source.Name, conversation) is { Events.Count: > 0 } record)
                {
                    _conversations.Add(ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(record.SenderId)));
                    _eventsRead += record.Events.Count;
                    await _batcher.AddAsync(record, cancellationToken).ConfigureAwait(false);
                }

                _progress.Tick(source.Name, rowsRead, rows, _eventsRead);
            }
        }
        catch (DbException e)
        {
            Unreadable(source.Name, e);
            await _batcher.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await _batcher.FlushAsync(cancellationToken).ConfigureAwait(false);
        _filesRead++;
        if (checkpoint is var (store, name))
        {
            await _batcher.DrainAsync().ConfigureAwait(false);
            await store.ForgetPositionAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The conversation's events, or null after reporting why it is skipped.</summary>
    private ParsedRecord? Parse(string source, RasaStoredConversation conversation)
    {
        try
        {
            return RecordParser.Conversation(conversation.SenderId, conversation.Events, receivedAt);
        }
        catch (InvalidEventException e)
        {
            Reject(source, 0, $"conversation '{conversation.SenderId}' (first row {conversation.FirstRowId}): {e.Field}: {e.Message}");
            return null;
        }
    }
}
