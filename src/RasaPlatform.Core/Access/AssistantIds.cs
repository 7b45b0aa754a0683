using System.Text.Json;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Access;

/// <summary>Rules for assistant names: what a token may be limited to, and what an event says it belongs to.</summary>
public static class AssistantIds
{
    /// <summary>Why <paramref name="assistant"/> cannot name an assistant, or null when it can.</summary>
    /// <remarks>A name is 1 to <see cref="AssistantOptions.MaxNameLength"/> characters without control characters.</remarks>
    public static string? Problem(string? assistant) => assistant switch
    {
        null or "" => "An assistant name must not be empty.",
        { Length: > AssistantOptions.MaxNameLength } => $"An assistant name must be at most {AssistantOptions.MaxNameLength} characters long.",
        _ when assistant.Any(char.IsControl) => "An assistant name must not contain control characters.",
        _ => null,
    };

    /// <summary>The field of an event's <c>metadata</c> that names its assistant.</summary>
    public const string Field = "assistant_id";

    /// <summary>The assistant an event names: its <c>metadata.assistant_id</c> when that is a valid name.</summary>
    /// <remarks>
    /// The metadata projector reads the same field by this rule (<see cref="Metadata.MetadataBuilder"/>), and a
    /// conversation belongs to the assistant its last naming event names. Ingest refuses any other value
    /// (<see cref="Events.EventNormalizer"/>); one stored before that rule names nothing. Anything but an object
    /// yields null.
    /// </remarks>
    public static string? Of(JsonElement @event) =>
        @event.ValueKind == JsonValueKind.Object
        && @event.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty(Field, out var id) && id.TryGetText(out var assistant) && Problem(assistant) is null
            ? assistant
            : null;
}
