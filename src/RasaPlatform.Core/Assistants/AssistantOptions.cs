namespace RasaPlatform.Core.Assistants;

/// <summary>Which assistant a conversation belongs to (configuration section <c>Assistants</c>).</summary>
/// <remarks>
/// A conversation belongs to the assistant its events name in <c>metadata.assistant_id</c> (the last event that names
/// one wins), or to <see cref="Default"/> when none does. The metadata projector resolves this when it folds a
/// conversation, so after changing <see cref="Default"/> run the metadata rebuild to move existing conversations.
/// </remarks>
public sealed class AssistantOptions
{
    public const string Section = "Assistants";

    /// <summary>The longest assistant name accepted anywhere (a filter, a tag's assistant, a token's limit).</summary>
    public const int MaxNameLength = 200;

    /// <summary>The assistant of conversations whose events name none; not empty. Default <c>default</c>.</summary>
    public string Default { get; set; } = "default";

    /// <summary>The assistant a conversation belongs to, given the <c>assistant_id</c> its events named, if any.</summary>
    public string Resolve(string? assistantId) => assistantId is { Length: > 0 } named ? named : Default;
}
