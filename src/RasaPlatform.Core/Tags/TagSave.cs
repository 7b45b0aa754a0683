namespace RasaPlatform.Core.Tags;

/// <summary>What creating or renaming a tag did.</summary>
/// <param name="Result">The outcome.</param>
/// <param name="Tag">The tag as saved, with <see cref="TagSaveResult.Saved"/>; otherwise null.</param>
public sealed record TagSave(TagSaveResult Result, ConversationTag? Tag = null);

/// <summary>The outcome of creating or renaming a tag.</summary>
public enum TagSaveResult
{
    /// <summary>The tag is stored with the name.</summary>
    Saved,

    /// <summary>Another tag of the assistant has the name; nothing changed.</summary>
    DuplicateName,

    /// <summary>No tag has the id; nothing changed.</summary>
    NoSuchTag,
}
