using System.Net;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// Rasa Studio's Conversation API over GraphQL at <c>/api/graphql</c>: Studio's own five examples sent verbatim, errors
/// the GraphQL way (200 with <c>errors</c> and <c>extensions.code</c>), roles and assistant limits as on the REST routes.
/// </summary>
public abstract class StudioGraphQLApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory, new()
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task StudiosFiveExamples_SentVerbatim_AnswerWhatStudioDescribes()
    {
        // The examples name assistant "assistant-name", conversation "12345" and tag "example-tag" (id 67890).
        await PutAsync(_client, "12345", Said("assistant-name", 1704153600));
        var tagId = await CreateTagAsync("assistant-name", "example-tag");
        await WaitForMetadataAsync(_client);

        var added = await PostAsync("""{"query": "mutation addConversationTagToConversation($input: AddConversationTagToConversationInput!) { addConversationTagToConversation(input: $input) }", "variables": { "input": { "conversationId": "12345", "tagId": "67890" } }}""");
        var error = Assert.Single(added.GetProperty("errors").EnumerateArray());
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("No tag has id 67890.", error.GetProperty("message").GetString());
        for (var i = 0; i < 2; i++)
        {
            var tagged = await PostAsync($$$"""{"query": "mutation addConversationTagToConversation($input: AddConversationTagToConversationInput!) { addConversationTagToConversation(input: $input) }", "variables": { "input": { "conversationId": "12345", "tagId": "{{{tagId}}}" } }}""");
            Assert.True(tagged.GetProperty("data").GetProperty("addConversationTagToConversation").GetBoolean());
        }

        var raw = await PostAsync("""{"query": "query rawConversations($input: RawConversationsInput!) { rawConversations(input: $input) { conversations { id, conversationEvents, tags { id, name } }, count } }", "variables": { "input": { "assistantName": "assistant-name", "fromTime": "2024-01-01T00:00:00Z", "toTime": "2024-01-31T23:59:59Z", "limit": 10, "offset": 0, "tags": ["example-tag"] } }}""");
        JsonAssert.Equal(
            $$$$"""{"data":{"rawConversations":{"conversations":[{"id":"12345","conversationEvents":{{{{Said("assistant-name", 1704153600)}}}},"tags":[{"id":"{{{{tagId}}}}","name":"example-tag"}]}],"count":1}}}""",
            raw.GetRawText());

        var tags = await PostAsync("""{"query": "query conversationTags($input: ConversationTagsInput!) { conversationTags(input: $input) { id, name, assistantId } }", "variables": { "input": { "assistantName": "assistant-name" } }}""");
        JsonAssert.Equal($$$"""{"data":{"conversationTags":[{"id":"{{{tagId}}}","name":"example-tag","assistantId":"assistant-name"}]}}""", tags.GetRawText());

        var removed = await PostAsync("""{"query": "mutation removeConversationTagFromConversation($input: RemoveConversationTagFromConversationInput!) { removeConversationTagFromConversation(input: $input) }", "variables": { "input": { "conversationId": "12345", "tagId": "67890" } }}""");
        JsonAssert.Equal("""{"data":{"removeConversationTagFromConversation":true}}""", removed.GetRawText());

        const string delete = """{"query": "mutation deleteConversations($input: DeleteConversationsInput!) { deleteConversations(input: $input) }", "variables": { "input": { "conversationIds": ["12345"] } }}""";
        JsonAssert.Equal("""{"data":{"deleteConversations":1}}""", (await PostAsync(delete)).GetRawText());
        JsonAssert.Equal("""{"data":{"deleteConversations":0}}""", (await PostAsync(delete)).GetRawText());
    }

    [ContractFact]
    public async Task RawConversations_TakesTheOlderAssistantIdSpelling_AndRefusesBothOrNeither()
    {
        var assistant = Marker();
        var sender = Marker();
        await PutAsync(_client, sender, Said(assistant, 1704153600));
        await WaitForMetadataAsync(_client);
        const string query = "query q($input: RawConversationsInput!) { rawConversations(input: $input) { conversations { id } count } }";

        var byId = await PostAsync(Request(query, $$$"""{"input":{"assistantId":"{{{assistant}}}"}}"""));
        JsonAssert.Equal($$$$"""{"data":{"rawConversations":{"conversations":[{"id":"{{{{sender}}}}"}],"count":1}}}""", byId.GetRawText());

        foreach (var input in new[] { $$$"""{"assistantId":"{{{assistant}}}","assistantName":"{{{assistant}}}"}""", "{}" })
        {
            var refused = await PostAsync(Request(query, $$$$"""{"input":{{{{input}}}}}"""));
            AssertError(refused, "BAD_USER_INPUT", "assistantName");
            Assert.Equal(JsonValueKind.Null, refused.GetProperty("data").ValueKind);
        }
    }

    [ContractFact]
    public async Task RawConversations_Pages_Default10_CountIgnoresPaging_TimesAndTagsFilter()
    {
        var assistant = Marker();
        var senders = Enumerable.Range(0, 12).Select(i => $"{assistant}-{i:D2}").ToList();
        for (var i = 0; i < senders.Count; i++)
        {
            await PutAsync(_client, senders[i], Said(assistant, 1704067200 + (i * 86400)));
        }

        var tag = await CreateTagAsync(assistant, "picked");
        foreach (var picked in new[] { senders[1], senders[5] })
        {
            Assert.True((await PostAsync(Request($"mutation {{ addConversationTagToConversation(input: {{conversationId: \"{picked}\", tagId: \"{tag}\"}}) }}", null)))
                .GetProperty("data").GetProperty("addConversationTagToConversation").GetBoolean());
        }

        await WaitForMetadataAsync(_client);
        const string query = "query q($input: RawConversationsInput!) { rawConversations(input: $input) { conversations { id } count } }";
        foreach (var (input, expected, count) in new (string, int[], int)[]
        {
            ("", [.. Enumerable.Range(0, 10)], 12),
            (", \"offset\": 10", [10, 11], 12),
            (", \"limit\": 3, \"offset\": 4", [4, 5, 6], 12),
            (", \"fromTime\": \"2024-01-03T00:00:00Z\", \"toTime\": \"2024-01-05T00:00:00Z\"", [2, 3], 2),
            (", \"tags\": [\"picked\", \"no-such-tag\"]", [1, 5], 2),
            (", \"tags\": [\"picked\"], \"limit\": 1, \"offset\": 1", [5], 2),
        })
        {
            var page = (await PostAsync(Request(query, $$$"""{"input": {"assistantName": "{{{assistant}}}"{{{input}}}}}"""))).GetProperty("data").GetProperty("rawConversations");
            Assert.Equal(expected.Select(i => senders[i]), page.GetProperty("conversations").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
            Assert.Equal(count, page.GetProperty("count").GetInt32());
        }
    }

    [ContractFact]
    public async Task Errors_AreGraphQLErrors_WithCodes_Never500()
    {
        AssertError(await PostAsync(Request("query { rawConversations(", null)), "GRAPHQL_PARSE_FAILED");
        AssertError(await PostAsync(Request("query { nothingHere }", null)), "GRAPHQL_VALIDATION_FAILED");
        AssertError(await PostAsync(Request("query q($input: RawConversationsInput!) { rawConversations(input: $input) { count } }", null)), "BAD_USER_INPUT");
        AssertError(
            await PostAsync(Request("query { rawConversations(input: {assistantName: \"a\", fromTime: \"yesterday\"}) { count } }", null)),
            "BAD_USER_INPUT",
            "fromTime");
        AssertError(
            await PostAsync(Request("query { rawConversations(input: {assistantName: \"a\", limit: 1001}) { count } }", null)),
            "BAD_USER_INPUT",
            "limit");
        AssertError(
            await PostAsync(Request("mutation { addConversationTagToConversation(input: {conversationId: \"nobody-here\", tagId: \"x\"}) }", null)),
            "BAD_USER_INPUT",
            "tagId");
        AssertError(
            await PostAsync(Request($"mutation {{ addConversationTagToConversation(input: {{conversationId: \"{Marker()}\", tagId: \"1\"}}) }}", null)),
            "NOT_FOUND",
            "conversationId");
    }

    [ContractFact]
    public async Task AnotherAssistantsTag_IsAConflict_AndNothingChanges()
    {
        var (mine, theirs, sender) = (Marker(), Marker(), Marker());
        await PutAsync(_client, sender, Said(mine, 1704153600));
        var tag = await CreateTagAsync(theirs, "theirs");

        var answer = await PostAsync(Request($"mutation {{ addConversationTagToConversation(input: {{conversationId: \"{sender}\", tagId: \"{tag}\"}}) }}", null));

        AssertError(answer, "CONFLICT", "tagId");
        await WaitForMetadataAsync(_client);
        var raw = await GetJsonAsync(_client, $"/api/rawConversations?assistantName={mine}");
        Assert.Empty(raw.GetProperty("conversations")[0].GetProperty("tags").EnumerateArray());
    }

    [ContractFact]
    public async Task Roles_ViewQueries_ManageMutates_IngestAndNoTokenAreRefused()
    {
        var (assistant, sender) = (Marker(), Marker());
        await PutAsync(_client, sender, Said(assistant, 1704153600));
        await WaitForMetadataAsync(_client);
        using var view = factory.CreateClient(ApiRole.View);
        using var ingest = factory.CreateClient(ApiRole.Ingest);
        using var anonymous = factory.CreateClientWith(null);
        var delete = Request($"mutation {{ deleteConversations(input: {{conversationIds: [\"{sender}\"]}}) }}", null);

        var read = await PostAsync(Request($"{{ rawConversations(input: {{assistantName: \"{assistant}\"}}) {{ count }} }}", null), view);
        JsonAssert.Equal("""{"data":{"rawConversations":{"count":1}}}""", read.GetRawText());
        AssertError(await PostAsync(delete, view), "FORBIDDEN");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(delete, ingest)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(delete, anonymous)).StatusCode);
    }

    [ContractFact]
    public async Task LimitedToken_SeesAndChangesOnlyItsAssistants()
    {
        var (mine, theirs, myConversation, theirConversation) = (Marker(), Marker(), Marker(), Marker());
        await PutAsync(_client, myConversation, Said(mine, 1704153600));
        await PutAsync(_client, theirConversation, Said(theirs, 1704153600));
        await CreateTagAsync(theirs, "theirs");
        await WaitForMetadataAsync(_client);
        using var limited = factory.CreateClient(ApiRole.Manage, mine);

        JsonAssert.Equal(
            """{"data":{"rawConversations":{"count":0},"conversationTags":[]}}""",
            (await PostAsync(Request($"{{ rawConversations(input: {{assistantName: \"{theirs}\"}}) {{ count }} conversationTags(input: {{assistantName: \"{theirs}\"}}) {{ id }} }}", null), limited)).GetRawText());
        var deleted = await PostAsync(Request($"mutation {{ deleteConversations(input: {{conversationIds: [\"{myConversation}\", \"{theirConversation}\"]}}) }}", null), limited);

        JsonAssert.Equal("""{"data":{"deleteConversations":1}}""", deleted.GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri($"/api/conversations/{theirConversation}/tracker", UriKind.Relative))).StatusCode);
    }

    [ContractFact]
    public async Task Get_RunsQueries_AndRefusesMutations()
    {
        var assistant = Marker();
        var query = Uri.EscapeDataString("query q($input: ConversationTagsInput!) { conversationTags(input: $input) { name } }");
        var variables = Uri.EscapeDataString($$$"""{"input":{"assistantName":"{{{assistant}}}"}}""");
        var answer = await GetJsonAsync(_client, $"/api/graphql?query={query}&variables={variables}");
        JsonAssert.Equal("""{"data":{"conversationTags":[]}}""", answer.GetRawText());

        var mutation = Uri.EscapeDataString("mutation { deleteConversations(input: {conversationIds: []}) }");
        AssertError(await GetJsonAsync(_client, $"/api/graphql?query={mutation}"), "GRAPHQL_VALIDATION_FAILED");
    }

    [ContractFact]
    public async Task ServedSchema_IsTheCommittedSdl_ByIntrospection()
    {
        var answer = await PostAsync(Request(
            "{ __schema { types { name kind fields { name type { ...T } args { name defaultValue type { ...T } } } inputFields { name defaultValue type { ...T } } } } }"
            + " fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }",
            null));
        var served = answer.GetProperty("data").GetProperty("__schema").GetProperty("types").EnumerateArray()
            .Where(t => !t.GetProperty("name").GetString()!.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(t => t.GetProperty("name").GetString()!, Describe);

        var committed = SdlShape.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "studio.graphql")));

        foreach (var (type, fields) in committed)
        {
            Assert.True(served.TryGetValue(type, out var servedFields), $"type {type} is not served");
            Assert.Equal(fields, servedFields);
        }
    }

    /// <summary>
    /// graphql-js, the reference client library, reads the served schema from its own standard introspection query
    /// (the one GraphiQL sends, within the depth and complexity bounds) and finds it valid and equal to the SDL.
    /// </summary>
    [ContractFact]
    public async Task GraphQLJs_BuildsAValidClientSchema_EqualToTheSdl()
    {
        var introspection = await NodeAsync("query");
        var answer = Path.GetTempFileName();
        try
        {
            var served = await PostAsync(JsonSerializer.Serialize(new { query = introspection }));
            await File.WriteAllTextAsync(answer, served.GetRawText());

            var output = await NodeAsync("check", answer, Path.Combine(AppContext.BaseDirectory, "studio.graphql"));

            Assert.StartsWith("ok:", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(answer);
        }
    }

    /// <summary>Runs <c>build/graphql-client-check.mjs</c>; <c>build/test.sh</c> installs graphql-js beside it.</summary>
    private static async Task<string> NodeAsync(params string[] arguments)
    {
        var build = Path.Combine(RepositoryRoot(), "build");
        Assert.True(
            Directory.Exists(Path.Combine(build, "node_modules", "graphql")),
            "graphql-js is not installed in build/node_modules: run the tests with bash build/test.sh, or npm ci in build/.");
        var start = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = build, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("graphql-client-check.mjs");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"graphql-client-check.mjs {string.Join(' ', arguments)}: exit {process.ExitCode}\n{await errors}");
        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RasaPlatform.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No RasaPlatform.sln above the test assembly.");
    }

    [ContractFact]
    public async Task Bounds_RefuseTooDeepOrTooComplexDocuments_AndBatches()
    {
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 12)) + "name" + string.Concat(Enumerable.Repeat(" }", 17));
        AssertError(await PostAsync(Request(deep, null)), "GRAPHQL_VALIDATION_FAILED");

        var page = "rawConversations(input: {assistantName: \"a\", limit: 1000}) { conversations { id conversationEvents tags { id name assistantId } } count }";
        AssertError(await PostAsync(Request($"{{ a: {page} b: {page} c: {page} }}", null)), "GRAPHQL_VALIDATION_FAILED");

        using var batch = await SendAsync($"[{Request("{ conversationTags(input: {assistantName: \"a\"}) { id } }", null)}]");
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        Assert.Equal("application/problem+json", batch.Content.Headers.ContentType?.MediaType);
    }

    private static List<string> Describe(JsonElement type)
    {
        var members = type.GetProperty("fields").ValueKind == JsonValueKind.Array ? type.GetProperty("fields")
            : type.GetProperty("inputFields").ValueKind == JsonValueKind.Array ? type.GetProperty("inputFields")
            : default;
        if (members.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. members.EnumerateArray().Select(f =>
        {
            var args = f.TryGetProperty("args", out var a) && a.GetArrayLength() > 0
                ? "(" + string.Join(", ", a.EnumerateArray().Select(Member)) + ")"
                : "";
            return f.GetProperty("name").GetString() + args + ": " + TypeName(f.GetProperty("type")) + Default(f);
        }).Order(StringComparer.Ordinal)];

        static string Member(JsonElement m) => m.GetProperty("name").GetString() + ": " + TypeName(m.GetProperty("type")) + Default(m);

        static string Default(JsonElement m) =>
            m.TryGetProperty("defaultValue", out var d) && d.ValueKind == JsonValueKind.String ? " = " + d.GetString() : "";

        static string TypeName(JsonElement t) => t.GetProperty("kind").GetString() switch
        {
            "NON_NULL" => TypeName(t.GetProperty("ofType")) + "!",
            "LIST" => "[" + TypeName(t.GetProperty("ofType")) + "]",
            _ => t.GetProperty("name").GetString()!,
        };
    }

    private static void AssertError(JsonElement answer, string code, string? field = null)
    {
        var error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (field is not null)
        {
            Assert.Equal(field, error.GetProperty("extensions").GetProperty("field").GetString());
        }
    }

    private static string Request(string query, string? variables) =>
        JsonSerializer.Serialize(new { query, variables = variables is null ? (JsonElement?)null : JsonDocument.Parse(variables).RootElement });

    private async Task<HttpResponseMessage> SendAsync(string body, HttpClient? client = null)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await (client ?? _client).PostAsync(new Uri("/api/graphql", UriKind.Relative), content);
    }

    private async Task<JsonElement> PostAsync(string body, HttpClient? client = null)
    {
        using var response = await SendAsync(body, client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<long> CreateTagAsync(string assistant, string name)
    {
        using var created = await _client.PostAsync(
            new Uri("/api/conversationTags", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { assistantName = assistant, name }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private static string Said(string assistant, double timestamp) =>
        $$$"""[{"event":"user","timestamp":{{{timestamp}}},"text":"hi","parse_data":{"intent":{"name":"greet","confidence":0.9},"entities":[]},"metadata":{"assistant_id":"{{{assistant}}}"}}]""";
}

public sealed class SqliteStudioGraphQLApiTests(SqliteApiFactory factory) : StudioGraphQLApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlStudioGraphQLApiTests(PostgreSqlApiFactory factory) : StudioGraphQLApiTests<PostgreSqlApiFactory>(factory);
