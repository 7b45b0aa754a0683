using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Listing;

namespace RasaPlatform.Core.Tests.Listing;

/// <summary>How slot values are read from events, given in the filter, and matched by the index.</summary>
public class SlotValuesTests
{
    [Theory]
    [InlineData("""{"event":"slot","name":"city","value":"Berlin"}""", "city", "\"Berlin\"")]
    [InlineData("""{"event":"slot","name":"n","value":3.50}""", "n", "3.50")]
    [InlineData("""{"event":"slot","name":"b","value":true}""", "b", "true")]
    [InlineData("""{"event":"slot","name":"x","value":null}""", "x", "null")]
    [InlineData("""{"event":"slot","name":"x"}""", "x", "null")]
    [InlineData("""{"event":"slot","name":"d","value":{"z":1, "a":[{"y":2,"b":"Ä"}]}}""", "d", """{"a":[{"b":"Ä","y":2}],"z":1}""")]
    [InlineData("""{"event":"slot","name":"q","value":"say \"hi\"\u001e"}""", "q", "\"say \\\"hi\\\"\\u001E\"")]
    [InlineData("""{"event":"slot","name":"e","value":"\ud83d\ude00 ok\u00e9"}""", "e", "\"😀 oké\"")]
    [InlineData("""{"event":"slot","name":"e","value":"lone \ud83d"}""", "e", "\"lone \\ud83d\"")]
    public void Of_IsTheNameAndCompactJsonWithKeysSorted(string json, string name, string expected)
    {
        var value = SlotValues.Of(JsonDocument.Parse(json).RootElement);

        Assert.Equal(new SlotValue(name, expected), value);
    }

    [Theory]
    [InlineData("""{"event":"slot","name":"requested_slot","value":"city"}""")]
    [InlineData("""{"event":"slot","name":"","value":"city"}""")]
    [InlineData("""{"event":"slot","name":"a\u001fb","value":"city"}""")]
    [InlineData("""{"event":"slot","value":"city"}""")]
    [InlineData("""{"event":"slot","name":5,"value":"city"}""")]
    public void Of_LeavesOutWhatAFilterCannotName(string json) =>
        Assert.Null(SlotValues.Of(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void Of_ALongValue_IsCutWithoutSplittingASurrogatePair()
    {
        var text = new string('a', SlotValues.MaximumJsonLength - 2) + "😀😀";
        var value = SlotValues.Of(JsonDocument.Parse(JsonSerializer.Serialize(new { name = "long", value = text })).RootElement)!;

        Assert.True(value.Json.Length <= SlotValues.MaximumJsonLength);
        Assert.False(char.IsHighSurrogate(value.Json[^1]));
        Assert.StartsWith("\"aaa", value.Json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("city:Berlin", new[] { "city", "berlin" })]
    [InlineData(" city : Ber:lin ,size:3", new[] { "city", "ber:lin", "size", "3" })]
    [InlineData("city:a,city:a", new[] { "city", "a" })]
    public void Parse_SplitsOnCommasAndTheFirstColon_LowerCasingTheValue(string value, string[] expected) =>
        Assert.Equal(expected, SlotValues.Parse("slots", value).SelectMany(c => new[] { c.Name, c.Value }));

    [Theory]
    [InlineData("city")]
    [InlineData("city:")]
    [InlineData(":berlin")]
    [InlineData("city:berlin,size")]
    [InlineData("ci\u0001ty:berlin")]
    public void Parse_AMalformedItem_Is400NamingTheParameter(string value) =>
        Assert.Equal("slots", Assert.Throws<InvalidEventException>(() => SlotValues.Parse("slots", value)).Field);

    [Theory]
    [InlineData("city", "berlin", true)]
    [InlineData("city", "\"berlin-", true)]
    [InlineData("city", "\"berlin\"", false)]
    [InlineData("city", "mitte", true)]
    [InlineData("city", "paris", false)]
    [InlineData("cit", "berlin", false)]
    [InlineData("size", "3", true)]
    [InlineData("size", "berlin", false)]
    [InlineData("ty", "berlin", false)]
    public void Holds_MatchesAFragmentAfterTheNamedSlotOnly(string name, string fragment, bool expected)
    {
        var text = SlotMatches.Encode([SlotMatches.MatchKey(new SlotValue("city", "\"Berlin-Mitte\"")), SlotMatches.MatchKey(new SlotValue("size", "3"))]);

        Assert.Equal(expected, SlotMatches.Holds(text, SlotMatches.Prefix(name), Encoding.UTF8.GetBytes(fragment)));
    }
}
