namespace RasaPlatform.Core.Storage;

/// <summary>How a <see cref="ConversationWrite"/> treats the events already stored.</summary>
public enum WriteMode
{
    /// <summary>Keep what is stored and add the new events, skipping those already stored.</summary>
    Append,

    /// <summary>
    /// Discard what is stored; the new events become the whole conversation. Flags whose timestamp matches none of the
    /// new messages, and intent corrections whose timestamp matches none of the new user messages, are removed with the
    /// old events (see <see cref="IFlagStore"/>, <see cref="IIntentCorrectionStore"/>).
    /// </summary>
    Replace,
}
