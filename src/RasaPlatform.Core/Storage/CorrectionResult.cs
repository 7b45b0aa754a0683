namespace RasaPlatform.Core.Storage;

/// <summary>What an <see cref="IIntentCorrectionStore.SetAsync"/> or <see cref="IIntentCorrectionStore.RemoveAsync"/> call did.</summary>
public enum CorrectionResult
{
    /// <summary>The messages had no correction and have this one now.</summary>
    Created,

    /// <summary>The messages had a correction; this one replaced it.</summary>
    Replaced,

    /// <summary>The messages have no correction now (whether or not they had one).</summary>
    Removed,

    /// <summary>Nothing is stored for the sender id; nothing changed.</summary>
    NoSuchConversation,

    /// <summary>The conversation has no <c>user</c> event at exactly that timestamp; nothing changed.</summary>
    NoSuchUserMessage,
}
