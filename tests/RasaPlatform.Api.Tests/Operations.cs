namespace RasaPlatform.Api.Tests;

/// <summary>Every operation of the contract as a request, for tests that must reach them all.</summary>
/// <remarks>Paths use the conversation <c>ops-sender</c>; bodies are valid where the operation takes one.</remarks>
internal static class Operations
{
    public const string Sender = "ops-sender";

    /// <summary>(operationId, method, path, JSON body or null) of every operation that needs a token.</summary>
    public static readonly (string Id, string Method, string Path, string? Body)[] Protected =
    [
        ("Service_GetVersion", "GET", "/api/version", null),
        ("Service_GetToken", "GET", "/api/token", null),
        ("Admin_GetMetadataStatus", "GET", "/api/admin/metadata", null),
        ("Admin_RebuildMetadata", "POST", "/api/admin/metadata/rebuild", null),
        ("Admin_GetFeeds", "GET", "/api/admin/feeds", null),
        ("Admin_GetFeedRejects", "GET", "/api/admin/feeds/rejects", null),
        ("Listing_ListConversations", "GET", "/api/conversations", null),
        ("Listing_ListActions", "GET", "/api/conversationActions", null),
        ("Listing_ListEntities", "GET", "/api/conversationEntities", null),
        ("Listing_ListIntents", "GET", "/api/conversationIntents", null),
        ("Listing_ListInputChannels", "GET", "/api/conversationInputChannels", null),
        ("Listing_ListPolicies", "GET", "/api/conversationPolicies", null),
        ("Listing_ListAssistants", "GET", "/api/assistants", null),
        ("Listing_ListSlotNames", "GET", "/api/conversations/slotNames", null),
        ("Listing_ListSlotValues", "GET", "/api/conversations/slotValues?slot=city&q=ber&limit=5", null),
        ("Statistics_GetStatistics", "GET", "/api/statistics", null),
        ("Analytics_GetAnalytics", "GET", "/api/analytics?start=0&end=3600", null),
        ("Deletion_DeleteConversations", "POST", "/api/conversations/delete", """{"conversation_ids":["ops-nobody"]}"""),
        ("Deletion_DeleteConversation", "DELETE", $"/api/conversations/{Sender}", null),
        ("Conversations_GetConversation", "GET", $"/api/conversations/{Sender}", null),
        ("Conversations_GetTracker", "GET", $"/api/conversations/{Sender}/tracker", null),
        ("Conversations_ReplaceTracker", "PUT", $"/api/conversations/{Sender}/tracker", """[{"event":"user","timestamp":1,"text":"hi"}]"""),
        ("Conversations_AppendEvents", "POST", $"/api/conversations/{Sender}/tracker/events", """{"event":"bot","timestamp":2,"text":"hello"}"""),
        ("Conversations_GetEvents", "GET", $"/api/conversations/{Sender}/events", null),
        ("Conversations_GetMessages", "GET", $"/api/conversations/{Sender}/messages", null),
        ("Flags_FlagMessage", "PUT", $"/api/conversations/{Sender}/messages/1", null),
        ("Flags_UnflagMessage", "DELETE", $"/api/conversations/{Sender}/messages/1", null),
        ("Reviews_SetReviewStatus", "PUT", $"/api/conversations/{Sender}/reviewStatus", """{"review_status":"reviewed"}"""),
        ("Reviews_CountReviewStatuses", "GET", "/api/conversationReviewStatuses", null),
        ("Corrections_SetIntent", "PUT", $"/api/conversations/{Sender}/messages/1/intent", """{"intent":"greet"}"""),
        ("Corrections_RemoveIntent", "DELETE", $"/api/conversations/{Sender}/messages/1/intent", null),
        ("Nlu_ExportCorrections", "GET", "/api/nlu/corrections.yml", null),
        ("Markers_GetConfiguration", "GET", "/api/markers?assistant=ops-assistant", null),
        ("Markers_PutConfiguration", "PUT", "/api/markers?assistant=ops-assistant", """{"ops": {"intent": "greet"}}"""),
        ("Markers_DeleteConfiguration", "DELETE", "/api/markers?assistant=ops-assistant", null),
        ("Markers_GetStatistics", "GET", "/api/markers/statistics?assistant=ops-assistant", null),
        ("Markers_DownloadExtracted", "GET", "/api/markers/extracted.csv?assistant=ops-assistant", null),
        ("Markers_DownloadOverallStatistics", "GET", "/api/markers/statistics-overall.csv?assistant=ops-assistant", null),
        ("Markers_DownloadSessionStatistics", "GET", "/api/markers/statistics-per-session.csv?assistant=ops-assistant", null),
        ("Markers_GetConversationMarkers", "GET", $"/api/conversations/{Sender}/markers", null),
        ("Dumps_DownloadJson", "GET", $"/api/conversations/{Sender}/debug-dump.json", null),
        ("Dumps_DownloadMarkdown", "GET", $"/api/conversations/{Sender}/debug-dump.md", null),
        ("Tags_TagConversation", "PUT", $"/api/conversations/{Sender}/tags/1", null),
        ("Tags_UntagConversation", "DELETE", $"/api/conversations/{Sender}/tags/1", null),
        ("Tags_ListTags", "GET", "/api/conversationTags?assistantName=default", null),
        ("Tags_CreateTag", "POST", "/api/conversationTags", """{"assistantName":"default","name":"ops"}"""),
        ("Tags_GetTag", "GET", "/api/conversationTags/1", null),
        ("Tags_RenameTag", "PATCH", "/api/conversationTags/1", """{"name":"ops renamed"}"""),
        ("Tags_DeleteTag", "DELETE", "/api/conversationTags/999999", null),
        ("RawConversations_GetRawConversations", "GET", "/api/rawConversations?assistantName=default", null),
        ("StudioGraphQL_Execute", "POST", "/api/graphql", """{"query":"{ conversationTags(input: {assistantName: \"default\"}) { id } }"}"""),
        ("StudioGraphQL_ExecuteQuery", "GET", "/api/graphql?query=%7B__typename%7D", null),
    ];

    /// <summary>The operations that answer without a token.</summary>
    public static readonly string[] Anonymous = ["/api/health/live", "/api/health/ready", "/api/openapi.yaml", "/docs", "/docs/index.html", "/", "/assets/app.js"];

    /// <summary>The operations besides the GETs a <c>view</c> token may call: GraphQL queries go by POST too.</summary>
    private static readonly string[] ViewPosts = ["StudioGraphQL_Execute"];

    /// <summary>The operations an <c>ingest</c> token may call: Rasa's tracker API, the version and the token's own description.</summary>
    private static readonly string[] IngestOperations =
        ["Service_GetVersion", "Service_GetToken", "Conversations_GetTracker", "Conversations_ReplaceTracker", "Conversations_AppendEvents"];

    /// <summary>Every (role, operation) pair with whether the role may call it: view every GET and GraphQL, manage everything.</summary>
    public static TheoryData<string, string, bool> RoleMatrix()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (id, method, _, _) in Protected)
        {
            data.Add("view", id, ViewMayCall(id, method));
            data.Add("ingest", id, IngestOperations.Contains(id));
            data.Add("manage", id, true);
        }

        return data;
    }

    /// <summary>Whether a <c>view</c> token may call the operation: every read, and GraphQL, whose POST runs queries.</summary>
    public static bool ViewMayCall(string id, string method) => method == "GET" || ViewPosts.Contains(id);

    public static TheoryData<string> ProtectedIds() => [.. Protected.Select(o => o.Id)];

    public static HttpRequestMessage Request(string id)
    {
        var (_, method, path, body) = Protected.Single(o => o.Id == id);
        return Request(method, path, body);
    }

    public static HttpRequestMessage Request(string method, string path, string? body = null) =>
        new(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
}
