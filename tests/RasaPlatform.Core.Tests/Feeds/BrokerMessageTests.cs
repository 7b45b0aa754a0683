using System.Text;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Feeds;

namespace RasaPlatform.Core.Tests.Feeds;

public class BrokerMessageTests
{
    private static readonly Instant Received = Instant.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Parse_DropsTheSenderIdEnvelope_AndKeepsEverythingElseAsReceived()
    {
        var (sender, e) = BrokerMessage.Parse(Body("""{"sender_id":"abc","event":"user","timestamp":1.5,"text":"hi","metadata":{"sender_id":"kept"}}"""), Received);

        Assert.Equal("abc", sender);
        Assert.Equal("""{"event":"user","timestamp":1.5,"text":"hi","metadata":{"sender_id":"kept"}}""", e.Json);
        Assert.Equal(EventNormalizer.Hash(e.Json), e.ContentHash);
    }

    [Fact]
    public void Parse_TheStoredEventIsTheOneATrackerPutStores()
    {
        const string tracker = """{"event":"action","timestamp":1700000000.123456,"name":"utter_greet","policy":"policy_0_MemoizationPolicy","confidence":1.0}""";
        var (_, viaBroker) = BrokerMessage.Parse(Body("""{ "sender_id": "abc", "event": "action", "timestamp": 1700000000.123456, "name": "utter_greet", "policy": "policy_0_MemoizationPolicy", "confidence": 1.0 }"""), Received);
        using var document = System.Text.Json.JsonDocument.Parse(tracker);

        var viaTracker = EventNormalizer.Normalize(document.RootElement, Received, "body");

        Assert.Equal(viaTracker.Json, viaBroker.Json);
        Assert.Equal(viaTracker.ContentHash, viaBroker.ContentHash);
    }

    [Fact]
    public void Parse_AnEventWithoutTimestamp_GetsTheReceiveTime()
    {
        var (_, e) = BrokerMessage.Parse(Body("""{"sender_id":"abc","event":"restart"}"""), Received);

        Assert.Equal(1_700_000_000d, e.Timestamp);
        Assert.Equal("""{"event":"restart","timestamp":1700000000}""", e.Json);
    }

    [Theory]
    [InlineData("not json", "message")]
    [InlineData("[1,2]", "message")]
    [InlineData("""{"event":"user","timestamp":1}""", "sender_id")]
    [InlineData("""{"sender_id":null,"event":"user"}""", "sender_id")]
    [InlineData("""{"sender_id":42,"event":"user"}""", "sender_id")]
    [InlineData("""{"sender_id":"","event":"user"}""", "sender_id")]
    [InlineData("""{"sender_id":"a\u0001b","event":"user"}""", "sender_id")]
    [InlineData("""{"sender_id":"abc","timestamp":1}""", "message.event")]
    [InlineData("""{"sender_id":"abc","event":"user","timestamp":"now"}""", "message.timestamp")]
    [InlineData("""{"sender_id":"abc","event":"user","timestamp":1e300}""", "message.timestamp")]
    public void Parse_WhatCanNeverBeStored_IsRefusedNamingTheField(string body, string field)
    {
        var error = Assert.Throws<InvalidEventException>(() => BrokerMessage.Parse(Body(body), Received));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Batch_EachMessageIsAnAppendOfItsOwn_InOrder_AndBadOnesAreRejectsWithTheirSender()
    {
        var batch = new FeedBatch("f");

        Assert.True(batch.Add(Body("""{"sender_id":"a","event":"user","timestamp":1}"""), "q", Received));
        Assert.True(batch.Add(Body("""{"sender_id":"a","event":"user","timestamp":1}"""), "q", Received));
        Assert.False(batch.Add(Body("""{"sender_id":"a","event":"user","timestamp":"x"}"""), "q", Received));
        Assert.False(batch.Add(Body(new string('x', FeedReject.MaxBodyLength + 10)), "q", Received));

        Assert.Equal(4, batch.Messages);
        Assert.Equal(2, batch.Writes.Count);
        Assert.All(batch.Writes, w => Assert.Single(w.Events));
        Assert.Equal(("a", "message.timestamp"), (batch.Rejects[0].SenderId, batch.Rejects[0].Field));
        Assert.Equal(FeedReject.MaxBodyLength, batch.Rejects[1].Body.Length);
        Assert.Null(batch.Rejects[1].SenderId);
        Assert.Equal(new FeedProgress("f", 9, batch.Rejects), batch.Progress(9));
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
