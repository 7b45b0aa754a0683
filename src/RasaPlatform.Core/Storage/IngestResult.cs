namespace RasaPlatform.Core.Storage;

/// <summary>What a <see cref="IConversationStore.WriteAsync"/> call did.</summary>
/// <param name="Stored">Events newly stored.</param>
/// <param name="Skipped">Appended events skipped because an equal event was already stored.</param>
/// <param name="Conversations">Distinct conversations written.</param>
public sealed record IngestResult(long Stored, long Skipped, int Conversations)
{
    public static IngestResult Empty { get; } = new(0, 0, 0);

    public IngestResult Add(IngestResult other) =>
        new(Stored + other.Stored, Skipped + other.Skipped, Conversations + other.Conversations);
}
