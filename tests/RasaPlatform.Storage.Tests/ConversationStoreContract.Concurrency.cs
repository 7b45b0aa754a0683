using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

public abstract partial class ConversationStoreContract
{
    private const int Rounds = 30;

    [ContractFact]
    public async Task Append_SameBatchesFromTwoInstancesAtOnce_StoresEachEventOnce()
    {
        var first = Fixture.CreateConversationStore();
        var second = Fixture.CreateConversationStore();

        for (var round = 0; round < Rounds; round++)
        {
            var writes = ConcurrentBatch(round);

            var results = await RaceAsync(() => first.WriteAsync(writes, CancellationToken.None), () => second.WriteAsync(writes, CancellationToken.None));

            var total = writes.Sum(w => w.Events.Count);
            Assert.Equal(total, results.Sum(r => r.Stored));
            Assert.Equal(total, results.Sum(r => r.Skipped));
            foreach (var write in writes)
            {
                await AssertStoredAsync(write.SenderId, write.Events);
            }
        }
    }

    [ContractFact]
    public async Task Append_OverlappingBatchesFromTwoInstancesAtOnce_StoresTheUnionOnce()
    {
        var first = Fixture.CreateConversationStore();
        var second = Fixture.CreateConversationStore();

        for (var round = 0; round < Rounds; round++)
        {
            var sender = NewSender($"union-{round}");
            var shared = Enumerable.Range(0, 6).Select(i => User(i, $"shared {round}")).ToArray();
            var onlyFirst = User(100, "first");
            var onlySecond = User(200, "second");

            await RaceAsync(
                () => first.WriteAsync([Append(sender, [.. shared, onlyFirst])], CancellationToken.None),
                () => second.WriteAsync([Append(sender, [onlySecond, .. shared])], CancellationToken.None));

            var stored = await ReadAsync(sender);
            Assert.Equal(
                shared.Append(onlyFirst).Append(onlySecond).Select(e => e.Json).Order(StringComparer.Ordinal),
                stored.Select(e => e.Json).Order(StringComparer.Ordinal));
            Assert.All(stored.Zip(stored.Skip(1)), pair => Assert.True(pair.First.Sequence < pair.Second.Sequence));
            Assert.Equal(8, (await Store.FindAsync(sender, CancellationToken.None))!.EventCount);
        }
    }

    /// <summary>Three conversations, one new, in an order that differs from their id order; with repeats and a large write.</summary>
    private static List<ConversationWrite> ConcurrentBatch(int round)
    {
        var large = Enumerable.Range(0, 25).Select(i => User(i % 20, $"large {round} {i % 20}")).ToArray();
        return
        [
            Append(NewSender($"z-{round}"), User(1, "z1"), User(1, "z1"), User(2, "z2")),
            Append(NewSender($"a-{round}"), large),
            Append(NewSender($"m-{round}"), User(7, $"m {round}")),
        ];
    }

    /// <summary>Starts both calls as close together as possible and waits for both.</summary>
    private static async Task<T[]> RaceAsync<T>(Func<Task<T>> one, Func<Task<T>> other)
    {
        using var start = new ManualResetEventSlim();
        var tasks = new[] { one, other }.Select(call => Task.Run(async () =>
        {
            start.Wait();
            return await call();
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }
}
