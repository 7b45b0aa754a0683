namespace RasaPlatform.Core.Tests.Import;

/// <summary>Bad records are reported with file and start line; the rest goes in.</summary>
public class BadRecordImportTests
{
    [Fact]
    public async Task RunAsync_NdjsonWithBadLines_ReportsEachWithItsLineAndImportsTheRest()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var longId = new string('x', 300);
        var path = fixture.WriteFile("bad.ndjson", string.Join('\n',
            """{"event":"user","timestamp":1,"sender_id":"good","text":"one"}""",
            """{"event":"user","timestamp":2,"sender_id":"good","text":""",
            """{"timestamp":3,"sender_id":"good","text":"no type"}""",
            """{"event":"user","timestamp":"yesterday","sender_id":"good"}""",
            "",
            """{"event":"user","timestamp":5,"text":"nobody"}""",
            $$"""{"event":"user","timestamp":6,"sender_id":"{{longId}}"}""",
            """{"event":"user","timestamp":7,"sender_id":"tab\there"}""",
            """{"event":"user","timestamp":8,"sender_id":"good","text":"two"}"""));

        var summary = await fixture.ImportAsync(path);

        Assert.Equal((3, 6L, 2L), (summary.ExitCode, summary.Rejected, summary.EventsStored));
        Assert.All(summary.Errors, e => Assert.Equal(path, e.Path));
        Assert.Equal([2, 3, 4, 6, 7, 8], summary.Errors.Select(e => e.Line));
        Assert.Contains("malformed JSON", summary.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'event'", summary.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("timestamp", summary.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("sender id", summary.Errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("255", summary.Errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("control", summary.Errors[5].Message, StringComparison.Ordinal);
        Assert.Equal(2, (await fixture.StoredJsonAsync("good")).Count);
        Assert.Contains($"{path}:3: ", fixture.Progress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConversationWithOneBadEvent_RejectsTheWholeRecordNamingTheEvent()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("docs.json", """
            [
              {"_id": "ok", "tracker": {"events": [{"event": "user", "timestamp": 1}]}},
              {"_id": "bad",
               "tracker": {"events": [{"event": "user", "timestamp": 1}, {"event": "bot", "timestamp": "x"}]}},
              {"_id": "noid", "tracker": {"sender_id": 42, "events": []}},
              {"tracker": {"events": []}}
            ]
            """);

        var summary = await fixture.ImportAsync(path);

        Assert.Equal([3, 5, 6], summary.Errors.Select(e => e.Line));
        Assert.Contains("tracker.events[1].timestamp", summary.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("tracker.sender_id", summary.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("_id", summary.Errors[2].Message, StringComparison.Ordinal);
        Assert.Single(await fixture.StoredJsonAsync("ok"));
        Assert.Null(await fixture.Store.FindAsync("bad", CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_ArrayElementMalformedButBalanced_SkipsOnlyThatElement()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("arr.json", """
            [
              {"sender_id": "a", "event": "user", "timestamp": 1},
              {"sender_id": "a", "event": "user", "timestamp": 2,},
              {"sender_id": "a", "event": "user", "timestamp": 3}
            ]
            """);

        var summary = await fixture.ImportAsync(path);

        Assert.Equal(3, Assert.Single(summary.Errors).Line);
        Assert.Equal(2, (await fixture.StoredJsonAsync("a")).Count);
    }

    [Fact]
    public async Task RunAsync_ArrayThatCannotBeResynchronised_EndsTheFileNamingTheLine()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("broken.json", """
            [
              {"sender_id": "a", "event": "user", "timestamp": 1},
              {"sender_id": "a", "event": "user", "data": [1, 2},
              {"sender_id": "a", "event": "user", "timestamp": 3}
            ]
            """);
        var other = fixture.WriteFile("other.ndjson", """{"sender_id": "b", "event": "user"}""");

        var summary = await fixture.ImportAsync(path, other);

        var error = Assert.Single(summary.Errors);
        Assert.Equal((path, 3), (error.Path, error.Line));
        Assert.Contains("unexpected '}'", error.Message, StringComparison.Ordinal);
        Assert.Single(await fixture.StoredJsonAsync("a"));
        Assert.Single(await fixture.StoredJsonAsync("b"));
        Assert.Equal(3, summary.ExitCode);
    }

    [Fact]
    public async Task RunAsync_TruncatedArray_ReportsTheUnclosedRecord()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("cut.json", "[\n{\"sender_id\":\"a\",\"event\":\"user\"},\n{\"sender_id\":\"a\",\"ev");

        var summary = await fixture.ImportAsync(path);

        Assert.Equal(3, Assert.Single(summary.Errors).Line);
        Assert.Single(await fixture.StoredJsonAsync("a"));
    }

    [Fact]
    public async Task RunAsync_MissingFile_IsAnErrorAndOtherFilesStillImport()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var missing = Path.Combine(fixture.Folder, "nope.json");
        var good = fixture.WriteFile("good.ndjson", """{"sender_id": "g", "event": "user", "timestamp": 1}""");

        var summary = await fixture.ImportAsync(missing, good);

        Assert.Equal((1, 1, 1, 1L), (summary.ExitCode, summary.FilesRead, summary.FilesMissing, summary.EventsStored));
        Assert.Equal((missing, 0), (summary.Errors[0].Path, summary.Errors[0].Line));
    }

    [Fact]
    public async Task RunAsync_NotJsonAtAll_OneErrorEndsTheFile()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = fixture.WriteFile("notes.json", "sender,event\nalice,user\n");

        var summary = await fixture.ImportAsync(path);

        var error = Assert.Single(summary.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("expected a JSON object", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, summary.ExitCode);
    }
}
