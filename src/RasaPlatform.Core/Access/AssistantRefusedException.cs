namespace RasaPlatform.Core.Access;

/// <summary>A request asked for an assistant its token is not limited to.</summary>
public sealed class AssistantRefusedException : Exception
{
    public AssistantRefusedException(string assistant, AssistantAccess access)
        : base($"This token is limited to assistants {string.Join(", ", access?.Assistants ?? [])}; it may not reach assistant '{assistant}'.")
    {
        Assistant = assistant;
    }

    public AssistantRefusedException()
    {
        Assistant = string.Empty;
    }

    public AssistantRefusedException(string message)
        : base(message)
    {
        Assistant = string.Empty;
    }

    public AssistantRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Assistant = string.Empty;
    }

    /// <summary>The assistant asked for.</summary>
    public string Assistant { get; }
}
