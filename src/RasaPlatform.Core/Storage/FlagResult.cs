namespace RasaPlatform.Core.Storage;

/// <summary>What an <see cref="IFlagStore.FlagAsync"/> or <see cref="IFlagStore.UnflagAsync"/> call did.</summary>
public enum FlagResult
{
    /// <summary>The messages at the timestamp are flagged now (whether or not they were before).</summary>
    Flagged,

    /// <summary>The messages at the timestamp are not flagged now (whether or not they were before).</summary>
    Unflagged,

    /// <summary>Nothing is stored for the sender id; nothing changed.</summary>
    NoSuchConversation,

    /// <summary>The conversation has no message at exactly that timestamp; nothing changed.</summary>
    NoSuchMessage,
}
