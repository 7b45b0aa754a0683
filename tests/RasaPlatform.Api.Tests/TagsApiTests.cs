using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// Conversation tags through HTTP with Rasa Studio's semantics: tags per assistant (list, create, rename, delete),
/// tagging that succeeds when already tagged and is refused with a problem for an unknown conversation, an unknown tag
/// or another assistant's tag, untagging that always succeeds, and the tags in the listing. The storage side in depth
/// is the tag store contract's.
/// </summary>
/// <remarks>Tests share the service, so each one uses assistants and conversations of its own.</remarks>
public abstract class TagsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory, new()
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Tags_CreateListGetRenameDelete()
    {
        var assistant = Marker();

        using var created = await CreateAsync(assistant, "  needs review ");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tag = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = tag.GetProperty("id").GetInt64();
        JsonAssert.Equal($$"""{"id":{{id}},"name":"needs review","assistantId":"{{assistant}}"}""", tag.GetRawText());
        Assert.Equal($"/api/conversationTags/{id}", created.Headers.Location?.OriginalString);
        await CreateAsync(assistant, "Alpha");

        var listed = await GetJsonAsync(_client, $"/api/conversationTags?assistantName={assistant}");
        Assert.Equal(["Alpha", "needs review"], Names(listed));
        JsonAssert.Equal(tag, listed[1]);
        JsonAssert.Equal(tag, await GetJsonAsync(_client, $"/api/conversationTags/{id}"));

        using var renamed = await PatchAsync(id, """{"name":"reviewed"}""");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        JsonAssert.Equal($$"""{"id":{{id}},"name":"reviewed","assistantId":"{{assistant}}"}""", await renamed.Content.ReadAsStringAsync());
        Assert.Equal(["Alpha", "reviewed"], Names(await GetJsonAsync(_client, $"/api/conversationTags?assistantName={assistant}")));

        using var deleted = await _client.DeleteAsync(new Uri($"/api/conversationTags/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var again = await _client.DeleteAsync(new Uri($"/api/conversationTags/{id}", UriKind.Relative));
        await ProblemAssert.IsAsync(again, HttpStatusCode.NotFound, "tagId");
        using var gone = await _client.GetAsync(new Uri($"/api/conversationTags/{id}", UriKind.Relative));
        await ProblemAssert.IsAsync(gone, HttpStatusCode.NotFound, "tagId");
        Assert.Equal(["Alpha"], Names(await GetJsonAsync(_client, $"/api/conversationTags?assistantName={assistant}")));
        Assert.Empty(Names(await GetJsonAsync(_client, $"/api/conversationTags?assistantName={Marker()}")));
    }

    [ContractFact]
    public async Task Create_ANameTheAssistantHas_Is409NamingName_OtherAssistantsAndCasesAreFine()
    {
        var (assistant, other) = (Marker(), Marker());
        using var first = await CreateAsync(assistant, "bug");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var duplicate = await CreateAsync(assistant, " bug ");
        await ProblemAssert.IsAsync(duplicate, HttpStatusCode.Conflict, "name");
        using var otherAssistant = await CreateAsync(other, "bug");
        Assert.Equal(HttpStatusCode.Created, otherAssistant.StatusCode);
        using var otherCase = await CreateAsync(assistant, "Bug");
        Assert.Equal(HttpStatusCode.Created, otherCase.StatusCode);
        Assert.Equal(["Bug", "bug"], Names(await GetJsonAsync(_client, $"/api/conversationTags?assistantName={assistant}")));
    }

    [ContractTheory]
    [InlineData("""{"name":"x"}""", "assistantName")]
    [InlineData("""{"assistantName":"","name":"x"}""", "assistantName")]
    [InlineData("""{"assistantName":null,"name":"x"}""", "assistantName")]
    [InlineData("""{"assistantName":"a"}""", "name")]
    [InlineData("""{"assistantName":"a","name":""}""", "name")]
    [InlineData("""{"assistantName":"a","name":"   "}""", "name")]
    [InlineData("""{"assistantName":"a","name":"a,b"}""", "name")]
    [InlineData("""{"assistantName":"a","name":"tab\tinside"}""", "name")]
    [InlineData("""{"assistantName":"a","name":5}""", "$.name")]
    [InlineData("""{"assistantName":"a","name":""", null)]
    [InlineData("""[]""", null)]
    public async Task Create_BadBody_Is400NamingTheField(string body, string? field)
    {
        using var response = await _client.PostAsync(new Uri("/api/conversationTags", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task Create_TooLongNames_Are400()
    {
        using var longName = await CreateAsync(Marker(), new string('n', 101));
        await ProblemAssert.IsAsync(longName, HttpStatusCode.BadRequest, "name");
        using var longAssistant = await CreateAsync(new string('a', 201), "x");
        await ProblemAssert.IsAsync(longAssistant, HttpStatusCode.BadRequest, "assistantName");
        using var longest = await CreateAsync(new string('a', 200), new string('n', 100));
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [ContractTheory]
    [InlineData("/api/conversationTags", "assistantName")]
    [InlineData("/api/conversationTags?assistantName=", "assistantName")]
    [InlineData("/api/conversationTags/x", "tagId")]
    [InlineData("/api/conversationTags/0", "tagId")]
    [InlineData("/api/conversationTags/-3", "tagId")]
    [InlineData("/api/conversationTags/99999999999999999999", "tagId")]
    public async Task Read_BadParameter_Is400NamingIt(string path, string field)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task Rename_UnknownTag404_TakenName409_BadName400_OwnName200()
    {
        var assistant = Marker();
        var id = await CreateIdAsync(assistant, "one");
        await CreateIdAsync(assistant, "two");

        using (var unknown = await PatchAsync(id + 1_000_000, """{"name":"x"}"""))
        {
            await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "tagId");
        }

        using (var taken = await PatchAsync(id, """{"name":"two"}"""))
        {
            await ProblemAssert.IsAsync(taken, HttpStatusCode.Conflict, "name");
        }

        using (var bad = await PatchAsync(id, """{"name":" "}"""))
        {
            await ProblemAssert.IsAsync(bad, HttpStatusCode.BadRequest, "name");
        }

        using (var missing = await PatchAsync(id, """{}"""))
        {
            await ProblemAssert.IsAsync(missing, HttpStatusCode.BadRequest, "name");
        }

        using var own = await PatchAsync(id, """{"name":"one"}""");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(["one", "two"], Names(await GetJsonAsync(_client, $"/api/conversationTags?assistantName={assistant}")));
    }

    [ContractFact]
    public async Task Tag_Twice_Is204Both_AndTheListingShowsTheTag()
    {
        var assistant = Marker();
        var sender = await ConversationAsync(assistant);
        var id = await CreateIdAsync(assistant, "bug");

        using (var first = await PutTagAsync(sender, id))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using (var second = await PutTagAsync(sender, id))
        {
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }

        await WaitForMetadataAsync(_client);
        var item = (await GetJsonAsync(_client, $"/api/conversations?intent={assistant}")).EnumerateArray().Single();
        JsonAssert.Equal($$"""[{"id":{{id}},"name":"bug","assistantId":"{{assistant}}"}]""", item.GetProperty("tags").GetRawText());
    }

    [ContractFact]
    public async Task Conversation_CarriesItsAssistantAndTags_ReadLive()
    {
        var assistant = Marker();
        var sender = await ConversationAsync(assistant);
        var (bug, alpha) = (await CreateIdAsync(assistant, "bug"), await CreateIdAsync(assistant, "Alpha"));
        Assert.Empty((await GetJsonAsync(_client, $"/api/conversations/{sender}")).GetProperty("tags").EnumerateArray());

        await PutTagAsync(sender, bug);
        await PutTagAsync(sender, alpha);
        var conversation = await GetJsonAsync(_client, $"/api/conversations/{sender}");

        Assert.Equal(assistant, conversation.GetProperty("assistant_id").GetString());
        Assert.Equal("unread", conversation.GetProperty("review_status").GetString());
        JsonAssert.Equal(
            $$"""[{"id":{{alpha}},"name":"Alpha","assistantId":"{{assistant}}"},{"id":{{bug}},"name":"bug","assistantId":"{{assistant}}"}]""",
            conversation.GetProperty("tags").GetRawText());
        Assert.Equal(sender, conversation.GetProperty("sender_id").GetString());
        Assert.Single(conversation.GetProperty("events").EnumerateArray());
    }

    [ContractFact]
    public async Task Tag_UnknownConversation404_UnknownTag404_OtherAssistantsTag409_AndNothingChanges()
    {
        var (assistant, other) = (Marker(), Marker());
        var sender = await ConversationAsync(assistant);
        var mine = await CreateIdAsync(assistant, "mine");
        var theirs = await CreateIdAsync(other, "theirs");

        using (var unknownConversation = await PutTagAsync(Marker(), mine))
        {
            await ProblemAssert.IsAsync(unknownConversation, HttpStatusCode.NotFound, "sender_id");
        }

        using (var unknownTag = await PutTagAsync(sender, mine + 1_000_000))
        {
            await ProblemAssert.IsAsync(unknownTag, HttpStatusCode.NotFound, "tagId");
        }

        using (var foreign = await PutTagAsync(sender, theirs))
        {
            await ProblemAssert.IsAsync(foreign, HttpStatusCode.Conflict, "tagId");
            var detail = JsonDocument.Parse(await foreign.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
            Assert.Contains(other, detail, StringComparison.Ordinal);
            Assert.Contains(assistant, detail, StringComparison.Ordinal);
        }

        await WaitForMetadataAsync(_client);
        Assert.Empty(Tags(await GetJsonAsync(_client, $"/api/conversations?intent={assistant}")));
    }

    [ContractFact]
    public async Task Tag_AConversationOfTheDefaultAssistant_TakesTheDefaultsTags()
    {
        var sender = Marker();
        await PutAsync(_client, sender, $$$$"""[{"event":"user","timestamp":1,"text":"no assistant named","parse_data":{"intent":{"name":"{{{{sender}}}}"}}}]""");
        var tag = await CreateIdAsync("default", Marker());
        var elsewhere = await CreateIdAsync(Marker(), "x");

        using var tagged = await PutTagAsync(sender, tag);
        using var refused = await PutTagAsync(sender, elsewhere);

        Assert.Equal(HttpStatusCode.NoContent, tagged.StatusCode);
        await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "tagId");
    }

    [ContractFact]
    public async Task Untag_AlwaysSucceeds_EvenNotLinkedOrUnknown_ButMalformedIdsAre400()
    {
        var assistant = Marker();
        var sender = await ConversationAsync(assistant);
        var (id, kept) = (await CreateIdAsync(assistant, "gone"), await CreateIdAsync(assistant, "kept"));
        await PutTagAsync(sender, id);
        await PutTagAsync(sender, kept);

        foreach (var (who, tag) in new[] { (sender, id), (sender, id), (Marker(), id), (sender, id + 1_000_000) })
        {
            using var response = await _client.DeleteAsync(new Uri($"/api/conversations/{Uri.EscapeDataString(who)}/tags/{tag}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        foreach (var (path, field) in new[] { ($"{sender}/tags/x", "tagId"), ($"{sender}/tags/0", "tagId"), ("bad%0Aid/tags/1", "sender_id") })
        {
            using var response = await _client.DeleteAsync(new Uri($"/api/conversations/{path}", UriKind.Relative));
            await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
        }

        await WaitForMetadataAsync(_client);
        Assert.Equal(["kept"], Tags(await GetJsonAsync(_client, $"/api/conversations?intent={assistant}")));
    }

    [ContractFact]
    public async Task DeletingATag_TakesItOffItsConversations()
    {
        var assistant = Marker();
        var (a, b) = (await ConversationAsync(assistant), await ConversationAsync(assistant));
        var id = await CreateIdAsync(assistant, "doomed");
        await PutTagAsync(a, id);
        await PutTagAsync(b, id);
        await WaitForMetadataAsync(_client);
        Assert.Equal(2, (await GetJsonAsync(_client, $"/api/conversations?tags_any={id}")).GetArrayLength());

        using var deleted = await _client.DeleteAsync(new Uri($"/api/conversationTags/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, (await GetJsonAsync(_client, $"/api/conversations?tags_any={id}")).GetArrayLength());
        Assert.All((await GetJsonAsync(_client, $"/api/conversations?intent={assistant}")).EnumerateArray(), c => Assert.Equal(0, c.GetProperty("tags").GetArrayLength()));
    }

    [ContractFact]
    public async Task DeletingAConversation_RemovesItsTagLinks_AWriteToItsIdLaterStartsUntagged()
    {
        var assistant = Marker();
        var sender = await ConversationAsync(assistant);
        var id = await CreateIdAsync(assistant, "tagged");
        await PutTagAsync(sender, id);

        using var deleted = await _client.DeleteAsync(new Uri($"/api/conversations/{sender}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await PutAsync(_client, sender, Said(assistant, 5));
        await WaitForMetadataAsync(_client);

        Assert.Empty(Tags(await GetJsonAsync(_client, $"/api/conversations?intent={assistant}")));
        Assert.Equal(0, (await GetJsonAsync(_client, $"/api/conversations?tags_any={id}")).GetArrayLength());
        var raw = await GetJsonAsync(_client, $"/api/rawConversations?assistantName={assistant}");
        Assert.Equal(0, raw.GetProperty("conversations")[0].GetProperty("tags").GetArrayLength());
    }

    [ContractFact]
    public async Task Tag_SenderIdWithASlashAndUnicode_IsTheIdAsEncoded()
    {
        var assistant = Marker();
        var sender = $"{assistant}/Grüße";
        await PutAsync(_client, sender, Said(assistant, 1));
        var id = await CreateIdAsync(assistant, "slash");

        using var tagged = await PutTagAsync(sender, id);

        Assert.Equal(HttpStatusCode.NoContent, tagged.StatusCode);
        await WaitForMetadataAsync(_client);
        var item = (await GetJsonAsync(_client, $"/api/conversations?tags_any={id}")).EnumerateArray().Single();
        Assert.Equal(sender, item.GetProperty("sender_id").GetString());
    }

    [ContractFact]
    public async Task ListingFilters_TagsByNameAcrossAssistants_TagsAnyById_CombinedWithOthers_WithExactTotals()
    {
        var (m, other) = (Marker(), Marker());
        var senders = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            senders.Add(await ConversationAsync(i < 4 ? m : other, intent: m, time: 100 + i));
        }

        var (red, blue, otherRed) = (await CreateIdAsync(m, $"red-{m}"), await CreateIdAsync(m, $"blue-{m}"), await CreateIdAsync(other, $"red-{m}"));
        foreach (var (sender, tag) in new[] { (0, red), (1, red), (1, blue), (2, blue), (4, otherRed) })
        {
            using var response = await PutTagAsync(senders[sender], tag);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await WaitForMetadataAsync(_client);
        var cases = new (string Query, int[] Expected)[]
        {
            ($"tags=red-{m}", [4, 1, 0]),
            ($"tags=red-{m},blue-{m}", [4, 2, 1, 0]),
            ($"tags_any={red}", [1, 0]),
            ($"tags_any={red},{otherRed}", [4, 1, 0]),
            ($"tags_any={red}&tags=blue-{m}", [1]),
            ($"tags=red-{m}&start=101&until=104", [4, 1]),
            ($"tags=red-{m}&intent={m}&limit=1", [4]),
            ($"tags=red-{m}&limit=2&offset=1", [1, 0]),
            ($"tags=nothing-{m}", []),
            ($"tags_any={red + 1_000_000}", []),
        };
        foreach (var (query, expected) in cases)
        {
            using var response = await _client.GetAsync(new Uri($"/api/conversations?{query}", UriKind.Relative));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {body}");
            Assert.Equal(expected.Select(i => senders[i]), body.EnumerateArray().Select(e => e.GetProperty("sender_id").GetString()));
            var total = query.Contains("limit", StringComparison.Ordinal) ? 3 : expected.Length;
            Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        }
    }

    [ContractTheory]
    [InlineData("tags_any=x", "tags_any")]
    [InlineData("tags_any=1,-2", "tags_any")]
    [InlineData("tags_any=1.5", "tags_any")]
    [InlineData("tags_any=0", "tags_any")]
    public async Task ListingFilters_BadTagIds_Are400NamingTagsAny(string query, string field)
    {
        using var response = await _client.GetAsync(new Uri($"/api/conversations?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    [ContractFact]
    public async Task ListingFilters_Over100TagNamesOrIds_Are400()
    {
        var many = string.Join(',', Enumerable.Range(1, 101));
        using var names = await _client.GetAsync(new Uri($"/api/conversations?tags={many}", UriKind.Relative));
        using var ids = await _client.GetAsync(new Uri($"/api/conversations?tags_any={many}", UriKind.Relative));

        await ProblemAssert.IsAsync(names, HttpStatusCode.BadRequest, "tags");
        await ProblemAssert.IsAsync(ids, HttpStatusCode.BadRequest, "tags_any");
    }

    private static string Said(string assistant, long time, string? intent = null) => $$$$"""
        [{"event":"user","timestamp":{{{{time}}}},"text":"hi","metadata":{"assistant_id":"{{{{assistant}}}}"},"parse_data":{"intent":{"name":"{{{{intent ?? assistant}}}}"}}}]
        """;

    private static List<string> Names(JsonElement tags) => [.. tags.EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];

    /// <summary>The tag names of the only conversation listed.</summary>
    private static List<string> Tags(JsonElement listed) => Names(listed.EnumerateArray().Single().GetProperty("tags"));

    /// <summary>A new conversation of the assistant, its user message's intent <paramref name="intent"/> (default: the assistant).</summary>
    private async Task<string> ConversationAsync(string assistant, string? intent = null, long time = 1)
    {
        var sender = Marker();
        await PutAsync(_client, sender, Said(assistant, time, intent));
        return sender;
    }

    private Task<HttpResponseMessage> CreateAsync(string assistant, string name) =>
        _client.PostAsJsonAsync(new Uri("/api/conversationTags", UriKind.Relative), new { assistantName = assistant, name });

    private async Task<long> CreateIdAsync(string assistant, string name)
    {
        using var response = await CreateAsync(assistant, name);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private Task<HttpResponseMessage> PatchAsync(long id, string body) =>
        _client.PatchAsync(new Uri($"/api/conversationTags/{id}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PutTagAsync(string sender, long tag) =>
        _client.PutAsync(new Uri($"/api/conversations/{Uri.EscapeDataString(sender)}/tags/{tag}", UriKind.Relative), content: null);
}

public sealed class SqliteTagsApiTests(SqliteApiFactory factory) : TagsApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlTagsApiTests(PostgreSqlApiFactory factory) : TagsApiTests<PostgreSqlApiFactory>(factory);
