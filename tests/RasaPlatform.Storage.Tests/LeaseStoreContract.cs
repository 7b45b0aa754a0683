using NodaTime;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>What every <see cref="ILeaseStore"/> adapter must do, run against each real engine.</summary>
public abstract class LeaseStoreContract(StoreFixture fixture)
{
    private static readonly Duration Ttl = Duration.FromSeconds(30);

    private ILeaseStore Leases => fixture.Leases;

    [ContractFact]
    public async Task TryAcquire_FreeLease_FirstOwnerWinsOtherLoses()
    {
        var name = NewLease();

        Assert.True(await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None));
        Assert.False(await Leases.TryAcquireAsync(name, "two", Ttl, CancellationToken.None));
        Assert.False(await fixture.CreateLeaseStore().TryAcquireAsync(name, "two", Ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task TryAcquire_AtExpiry_OtherOwnerTakesOver()
    {
        var name = NewLease();
        await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None);

        fixture.Clock.Advance(Ttl - Duration.FromMilliseconds(1));
        Assert.False(await Leases.TryAcquireAsync(name, "two", Ttl, CancellationToken.None));

        fixture.Clock.Advance(Duration.FromMilliseconds(1));
        Assert.True(await Leases.TryAcquireAsync(name, "two", Ttl, CancellationToken.None));
        Assert.False(await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task TryAcquire_ByTheHolder_RenewsFromNow()
    {
        var name = NewLease();
        await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None);
        fixture.Clock.Advance(Duration.FromSeconds(20));

        Assert.True(await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None));

        fixture.Clock.Advance(Duration.FromSeconds(20));
        Assert.False(await Leases.TryAcquireAsync(name, "two", Ttl, CancellationToken.None));
        fixture.Clock.Advance(Duration.FromSeconds(10));
        Assert.True(await Leases.TryAcquireAsync(name, "two", Ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task Release_ByTheHolder_FreesTheLease()
    {
        var name = NewLease();
        await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None);

        await Leases.ReleaseAsync(name, "one", CancellationToken.None);

        Assert.True(await Leases.TryAcquireAsync(name, "two", Ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task Release_ByAnotherOwner_ChangesNothing()
    {
        var name = NewLease();
        await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None);

        await Leases.ReleaseAsync(name, "two", CancellationToken.None);
        await Leases.ReleaseAsync(NewLease(), "one", CancellationToken.None);

        Assert.False(await Leases.TryAcquireAsync(name, "two", Ttl, CancellationToken.None));
        Assert.True(await Leases.TryAcquireAsync(name, "one", Ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task TryAcquire_DifferentNames_AreIndependent()
    {
        var first = NewLease();
        var second = NewLease();

        Assert.True(await Leases.TryAcquireAsync(first, "one", Ttl, CancellationToken.None));
        Assert.True(await Leases.TryAcquireAsync(second, "two", Ttl, CancellationToken.None));
        Assert.False(await Leases.TryAcquireAsync(second, "one", Ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task TryAcquire_NonPositiveTtl_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Leases.TryAcquireAsync(NewLease(), "one", Duration.Zero, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Leases.TryAcquireAsync(NewLease(), "one", -Ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task TryAcquire_ManyOwnersOnTwoInstancesAtOnce_ExactlyOneWins()
    {
        ILeaseStore[] stores = [fixture.CreateLeaseStore(), fixture.CreateLeaseStore()];
        for (var round = 0; round < 20; round++)
        {
            var name = NewLease();
            using var start = new ManualResetEventSlim();
            var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await stores[i % 2].TryAcquireAsync(name, $"owner-{i}", Ttl, CancellationToken.None);
            })).ToArray();
            start.Set();

            Assert.Single(await Task.WhenAll(attempts), won => won);
        }
    }

    private static string NewLease() => $"job-{Guid.NewGuid():N}";
}
