using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Conversations;

/// <summary>Rules for conversation ids (Rasa's <c>sender_id</c>).</summary>
public static class SenderIds
{
    /// <summary>The longest accepted id, in UTF-16 code units: the width of Rasa's SQL tracker store column.</summary>
    public const int MaxLength = 255;

    /// <summary>Throws unless <paramref name="senderId"/> is 1 to 255 characters without control characters.</summary>
    /// <exception cref="InvalidEventException">The id is not acceptable.</exception>
    public static void Validate(string? senderId, string field = "sender_id")
    {
        if (string.IsNullOrEmpty(senderId))
        {
            throw new InvalidEventException(field, "The sender id must not be empty.");
        }

        if (senderId.Length > MaxLength)
        {
            throw new InvalidEventException(field, $"The sender id must be at most {MaxLength} characters long.");
        }

        if (senderId.Any(char.IsControl))
        {
            throw new InvalidEventException(field, "The sender id must not contain control characters.");
        }
    }
}
