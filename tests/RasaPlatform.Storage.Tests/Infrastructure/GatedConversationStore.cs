using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>A store whose reads wait at a gate the test opens, so that a projector can be held mid-run.</summary>
public sealed class GatedConversationStore : InterceptedConversationStore
{
    private readonly Gate _gate;

    public GatedConversationStore(IConversationStore inner)
        : this(inner, new Gate())
    {
    }

    private GatedConversationStore(IConversationStore inner, Gate gate)
        : base(inner, gate.PassAsync) => _gate = gate;

    /// <summary>Completes when a read has reached the gate.</summary>
    public Task Entered => _gate.Entered.Task;

    public void Open() => _gate.Opened.TrySetResult();

    private sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task PassAsync(string senderId, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Opened.Task.WaitAsync(cancellationToken);
        }
    }
}
