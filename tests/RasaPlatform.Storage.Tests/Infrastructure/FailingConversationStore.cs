using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>A store whose reads of one conversation's events throw, as a projection failure would.</summary>
public sealed class FailingConversationStore(IConversationStore inner, string failingSender)
    : InterceptedConversationStore(
        inner,
        (sender, _) => sender == failingSender ? throw new InvalidOperationException("injected failure of " + sender) : Task.CompletedTask);
