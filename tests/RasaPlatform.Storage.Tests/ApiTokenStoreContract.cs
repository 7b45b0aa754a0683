using NodaTime;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>What every <see cref="IApiTokenStore"/> adapter must do, run against each real engine.</summary>
/// <remarks>Tests share the database, so each one works on tokens of its own.</remarks>
public abstract class ApiTokenStoreContract(StoreFixture fixture)
{
    private IApiTokenStore Tokens => fixture.Tokens;

    [ContractFact]
    public async Task TryCreate_NewToken_IsFoundByItsHashAsStored()
    {
        var (token, hash) = NewToken(ApiRole.Ingest, "bot-a", "bot-b");

        Assert.True(await Tokens.TryCreateAsync(token, hash, CancellationToken.None));

        var found = await fixture.CreateTokenStore().FindActiveAsync(hash, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal((token.Id, token.Name, token.Role, token.CreatedAt, (Instant?)null), (found.Id, found.Name, found.Role, found.CreatedAt, found.RevokedAt));
        Assert.Equal(["bot-a", "bot-b"], found.Assistants);
    }

    [ContractFact]
    public async Task TryCreate_WithoutAssistants_ReadsBackAsEveryAssistant()
    {
        var (token, hash) = NewToken(ApiRole.View);
        await Tokens.TryCreateAsync(token, hash, CancellationToken.None);

        var found = await Tokens.FindActiveAsync(hash, CancellationToken.None);

        Assert.Empty(found!.Assistants);
        Assert.False(found.Access.IsLimited);
    }

    [ContractFact]
    public async Task TryCreate_TakenIdOrHash_StoresNothing()
    {
        var (first, firstHash) = NewToken(ApiRole.Manage);
        await Tokens.TryCreateAsync(first, firstHash, CancellationToken.None);
        var (second, secondHash) = NewToken(ApiRole.View);

        Assert.False(await Tokens.TryCreateAsync(second with { Id = first.Id }, secondHash, CancellationToken.None));
        Assert.False(await Tokens.TryCreateAsync(second, firstHash, CancellationToken.None));

        Assert.Null(await Tokens.FindActiveAsync(secondHash, CancellationToken.None));
        Assert.Equal(ApiRole.Manage, (await Tokens.FindActiveAsync(firstHash, CancellationToken.None))!.Role);
        Assert.DoesNotContain(await Tokens.ListAsync(CancellationToken.None), t => t.Id == second.Id);
    }

    [ContractFact]
    public async Task FindActive_UnknownHash_IsNull()
    {
        Assert.Null(await Tokens.FindActiveAsync(ApiTokenFormat.Hash("rp_nothing"), CancellationToken.None));
    }

    [ContractFact]
    public async Task Revoke_ActiveToken_NoInstanceFindsItAnyMoreAndTheFirstTimeStays()
    {
        var (token, hash) = NewToken(ApiRole.Manage);
        await Tokens.TryCreateAsync(token, hash, CancellationToken.None);
        var other = fixture.CreateTokenStore();
        Assert.NotNull(await other.FindActiveAsync(hash, CancellationToken.None));
        var at = Instant.FromUtc(2024, 5, 6, 7, 8, 9);

        var revoked = await Tokens.RevokeAsync(token.Id, at, CancellationToken.None);
        var again = await Tokens.RevokeAsync(token.Id, at + Duration.FromHours(1), CancellationToken.None);

        Assert.Equal(at, revoked!.RevokedAt);
        Assert.Equal(at, again!.RevokedAt);
        Assert.False(again.IsActive);
        Assert.Null(await other.FindActiveAsync(hash, CancellationToken.None));
        Assert.Null(await Tokens.FindActiveAsync(hash, CancellationToken.None));
    }

    [ContractFact]
    public async Task Revoke_UnknownId_IsNullAndChangesNothing()
    {
        var (token, hash) = NewToken(ApiRole.View);
        await Tokens.TryCreateAsync(token, hash, CancellationToken.None);

        Assert.Null(await Tokens.RevokeAsync(ApiTokenFormat.NewId(), Instant.FromUtc(2024, 1, 1, 0, 0), CancellationToken.None));
        Assert.NotNull(await Tokens.FindActiveAsync(hash, CancellationToken.None));
    }

    [ContractFact]
    public async Task List_HoldsRevokedTokensToo_OldestFirst()
    {
        var (older, olderHash) = NewToken(ApiRole.View, "a");
        var (newer, newerHash) = NewToken(ApiRole.Manage);
        newer = newer with { CreatedAt = older.CreatedAt + Duration.FromSeconds(1) };
        await Tokens.TryCreateAsync(newer, newerHash, CancellationToken.None);
        await Tokens.TryCreateAsync(older, olderHash, CancellationToken.None);
        await Tokens.RevokeAsync(older.Id, older.CreatedAt + Duration.FromDays(1), CancellationToken.None);

        var listed = (await Tokens.ListAsync(CancellationToken.None)).Where(t => t.Id == older.Id || t.Id == newer.Id).ToList();

        Assert.Equal([older.Id, newer.Id], listed.Select(t => t.Id));
        Assert.Equal(older.CreatedAt + Duration.FromDays(1), listed[0].RevokedAt);
        Assert.Equal(["a"], listed[0].Assistants);
        Assert.Null(listed[1].RevokedAt);
    }

    [ContractFact]
    public async Task Create_ThroughTheService_StoresNoPlaintextOfTheToken()
    {
        var created = await new ApiTokenService(Tokens, fixture.Clock).CreateAsync(ApiRole.Manage, ["assistant-x"], "plaintext check", CancellationToken.None);
        var secretPart = created.Secret[(ApiTokenFormat.Prefix.Length + ApiTokenFormat.IdLength + 1)..];

        var cells = await RawRowAsync(created.Token.Id);

        Assert.Contains(ApiTokenFormat.Hash(created.Secret), cells);
        Assert.All(cells, cell =>
        {
            Assert.DoesNotContain(created.Secret, cell, StringComparison.Ordinal);
            Assert.DoesNotContain(secretPart, cell, StringComparison.Ordinal);
            Assert.DoesNotContain(secretPart[..16], cell, StringComparison.Ordinal);
        });
        var authenticated = await new ApiTokenService(Tokens, fixture.Clock).AuthenticateAsync(created.Secret, CancellationToken.None);
        Assert.Equal((created.Token.Id, ApiRole.Manage), (authenticated!.Id, authenticated.Role));
        Assert.Equal(["assistant-x"], authenticated.Assistants);
    }

    /// <summary>Every column of the token's row, as text, read with SQL rather than through the port.</summary>
    private async Task<List<string>> RawRowAsync(string id)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_tokens WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var cells = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            cells.Add(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        Assert.False(await reader.ReadAsync());
        return cells;
    }

    private (ApiToken Token, string Hash) NewToken(ApiRole role, params string[] assistants)
    {
        var id = ApiTokenFormat.NewId();
        var secret = ApiTokenFormat.NewToken(id);
        return (new ApiToken(id, $"test {id}", role, assistants, fixture.Clock.GetCurrentInstant(), null), ApiTokenFormat.Hash(secret));
    }
}
