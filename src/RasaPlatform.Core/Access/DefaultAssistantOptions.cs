namespace RasaPlatform.Core.Access;

/// <summary>The assistant of conversations whose events name none (configuration <c>Assistants:Default</c>).</summary>
public sealed class DefaultAssistantOptions
{
    public const string Section = "Assistants";

    /// <summary>The assistant name; default <c>default</c>.</summary>
    public string Default { get; set; } = "default";
}
