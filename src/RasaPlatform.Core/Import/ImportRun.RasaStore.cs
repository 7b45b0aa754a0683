using System.Data.Common;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Import;

/// <summary>Reading a Rasa tracker store: conversations in, rejects reported, good ones to the batcher.</summary>
internal sealed partial class ImportRun
{
    public async Task ImportRasaStoreAsync(IRasaConversationSource source, CancellationToken cancellationToken)
    {
        long rows;
        try
        {
            rows = await source.CountRowsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            Unreadable(source.Name, e);
            return;
        }

        _files++;
        long rowsRead = 0;
        try
        {
            await foreach (var conversation in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _records++;
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
        }

        await _batcher.FlushAsync(cancellationToken).ConfigureAwait(false);
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
