using System.Net;
using System.Text.Json;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// What each role may call: <c>view</c> every read, <c>ingest</c> Rasa's tracker API (and the version), <c>manage</c>
/// everything. Anything else is a 403 problem that names the roles needed, and changes nothing.
/// </summary>
public abstract class RolesApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [ContractTheory]
    [MemberData(nameof(Operations.RoleMatrix), MemberType = typeof(Operations))]
    public async Task Role_EveryOperation_IsServedOrForbiddenAsDocumented(string role, string operation, bool allowed)
    {
        using var client = factory.CreateClient(Role(role));
        using var request = Operations.Request(operation);

        using var response = await client.SendAsync(request);

        if (allowed)
        {
            Assert.True(
                response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{role} {operation}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, null);
            var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
            Assert.Contains($"this token's role is {role}", detail, StringComparison.Ordinal);
        }
    }

    [ContractFact]
    public async Task ViewToken_EveryWrite_Is403AndChangesNothing()
    {
        var sender = Marker();
        using var manage = factory.CreateClient();
        await PutAsync(manage, sender, """[{"event":"user","timestamp":1,"text":"hi"},{"event":"bot","timestamp":2,"text":"hello"}]""");
        var before = (await GetJsonAsync(manage, $"/api/conversations/{sender}/events")).GetRawText();
        using var view = factory.CreateClient(ApiRole.View);
        var writes = new (string Method, string Path, string? Body)[]
        {
            ("PUT", $"/api/conversations/{sender}/tracker", """[{"event":"user","timestamp":9,"text":"replaced"}]"""),
            ("POST", $"/api/conversations/{sender}/tracker/events", """{"event":"user","timestamp":9,"text":"appended"}"""),
            ("PUT", $"/api/conversations/{sender}/messages/1", null),
            ("DELETE", $"/api/conversations/{sender}/messages/1", null),
            ("DELETE", $"/api/conversations/{sender}", null),
            ("POST", "/api/conversations/delete", $$"""{"conversation_ids":["{{sender}}"]}"""),
            ("POST", "/api/admin/metadata/rebuild", null),
        };

        foreach (var (method, path, body) in writes)
        {
            using var request = Operations.Request(method, path, body);
            using var response = await view.SendAsync(request);
            await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, null);
            Assert.Contains("error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, (await GetJsonAsync(manage, $"/api/conversations/{sender}/events")).GetRawText());
    }

    [ContractFact]
    public async Task IngestToken_WritesAndReadsBackATrackerButReadsNothingElse()
    {
        var sender = Marker();
        using var ingest = factory.CreateClient(ApiRole.Ingest);

        await PutAsync(ingest, sender, """[{"event":"user","timestamp":1,"text":"hi"}]""");
        await PostAsync(ingest, sender, """{"event":"bot","timestamp":2,"text":"hello"}""");
        var tracker = await GetJsonAsync(ingest, $"/api/conversations/{sender}/tracker");

        Assert.Equal(2, tracker.GetProperty("events").GetArrayLength());
        foreach (var path in new[] { $"/api/conversations/{sender}/events", $"/api/conversations/{sender}", "/api/conversations", "/api/statistics" })
        {
            using var response = await ingest.GetAsync(new Uri(path, UriKind.Relative));
            await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, null);
        }
    }

    private static ApiRole Role(string name) => ApiRoles.TryParse(name, out var role) ? role.Value : throw new ArgumentException(name);
}

public sealed class SqliteRolesApiTests(SqliteApiFactory factory) : RolesApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlRolesApiTests(PostgreSqlApiFactory factory) : RolesApiTests<PostgreSqlApiFactory>(factory);
