using System.Text;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Tests;

public class StoredEventTests
{
    private const string Json = """{"event":"user","timestamp":1.5,"text":"Grüße 👋 日本","parse_data":{"intent":{"name":"greet","confidence":0.9}}}""";

    [Fact]
    public void Utf8_SameFieldsAsAString_IsEqualWithTheSameJsonAndHash()
    {
        var fromString = new StoredEvent(7, "user", 1.5, Json, "n");
        var fromUtf8 = new StoredEvent(7, "user", 1.5, Encoding.UTF8.GetBytes(Json), "n");

        Assert.Equal(fromString, fromUtf8);
        Assert.Equal(fromUtf8, fromString);
        Assert.Equal(fromString.GetHashCode(), fromUtf8.GetHashCode());
        Assert.Equal(Json, fromUtf8.Json);
    }

    [Fact]
    public void Utf8_AnyFieldDifferent_IsNotEqual()
    {
        var utf8 = new StoredEvent(7, "user", 1.5, Encoding.UTF8.GetBytes(Json));

        Assert.NotEqual(utf8, new StoredEvent(7, "user", 1.5, Json.Replace("greet", "greeT", StringComparison.Ordinal)));
        Assert.NotEqual(utf8, new StoredEvent(7, "user", 1.5, Encoding.UTF8.GetBytes(Json.Replace("greet", "greeT", StringComparison.Ordinal))));
        Assert.NotEqual(utf8, new StoredEvent(8, "user", 1.5, Json));
        Assert.NotEqual(utf8, new StoredEvent(7, "bot", 1.5, Json));
        Assert.NotEqual(utf8, new StoredEvent(7, "user", 2.5, Json));
        Assert.NotEqual(utf8, new StoredEvent(7, "user", 1.5, Json, "name"));
    }

    [Fact]
    public void ParseJson_EitherForm_GivesTheSameDocument()
    {
        using var fromString = new StoredEvent(1, "user", 1.5, Json).ParseJson();
        using var fromUtf8 = new StoredEvent(1, "user", 1.5, Encoding.UTF8.GetBytes(Json)).ParseJson();

        Assert.Equal(fromString.RootElement.GetRawText(), fromUtf8.RootElement.GetRawText());
        Assert.Equal("Grüße 👋 日本", fromUtf8.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void With_NewJson_ReplacesTheUtf8AndKeepsTheRest()
    {
        var utf8 = new StoredEvent(1, "user", 1.5, Encoding.UTF8.GetBytes(Json), "n");

        var changed = utf8 with { Json = """{"event":"user","timestamp":1.5}""" };
        var moved = utf8 with { Sequence = 2 };

        Assert.Equal("""{"event":"user","timestamp":1.5}""", changed.Json);
        using (var document = changed.ParseJson())
        {
            Assert.False(document.RootElement.TryGetProperty("text", out _));
        }

        Assert.Equal(new StoredEvent(2, "user", 1.5, Json, "n"), moved);
    }

    [Fact]
    public void Utf8_Empty_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StoredEvent(1, "user", 1.5, ReadOnlyMemory<byte>.Empty));

    [Fact]
    public void MetadataBuilder_EitherForm_FoldsTheSameMetadata()
    {
        var fromString = MetadataBuilder.Build("s", [new StoredEvent(1, "user", 1.5, Json)]);
        var fromUtf8 = MetadataBuilder.Build("s", [new StoredEvent(1, "user", 1.5, Encoding.UTF8.GetBytes(Json))]);

        Assert.Equal(fromString.SearchText, fromUtf8.SearchText);
        Assert.Equal(["greet"], fromUtf8.Intents);
        Assert.Equal(0.9, fromUtf8.MaximumIntentConfidence);
    }
}
