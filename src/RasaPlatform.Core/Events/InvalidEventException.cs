namespace RasaPlatform.Core.Events;

/// <summary>Input that cannot be accepted; <see cref="Field"/> names the offending field, as a JSON pointer-like path.</summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public InvalidEventException()
    {
        Field = string.Empty;
    }

    public InvalidEventException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    public InvalidEventException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The offending field, e.g. <c>events[3].timestamp</c>.</summary>
    public string Field { get; }
}
