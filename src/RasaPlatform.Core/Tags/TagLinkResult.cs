namespace RasaPlatform.Core.Tags;

/// <summary>The outcome of putting a tag on a conversation.</summary>
public enum TagLinkResult
{
    /// <summary>The conversation carries the tag (whether or not it did before).</summary>
    Linked,

    /// <summary>Nothing is stored for the sender id; nothing changed.</summary>
    NoSuchConversation,

    /// <summary>No tag has the id; nothing changed.</summary>
    NoSuchTag,

    /// <summary>The tag belongs to another assistant than the conversation; nothing changed.</summary>
    OtherAssistant,

    /// <summary>
    /// The conversation was written after its assistant was determined, so the assistant may have changed; nothing
    /// changed. Determining it again and retrying is safe.
    /// </summary>
    ConversationChanged,
}
