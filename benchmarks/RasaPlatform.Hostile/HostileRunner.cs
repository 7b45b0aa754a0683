using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RasaPlatform.Hostile;

/// <summary>What one hostile request broke: a 5xx, an error that is not problem+json, or a store changed by a 4xx.</summary>
public sealed record HostileFailure(HostileCase Case, int Status, string Problem, string Body);

/// <summary>The answers to a run, counted per operation, and every failure.</summary>
public sealed class HostileReport
{
    private readonly SortedDictionary<string, int[]> _byOperation = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, int> _byStatus = [];
    private readonly List<HostileFailure> _failures = [];

    public IReadOnlyList<HostileFailure> Failures => _failures;

    public int Requests { get; private set; }

    /// <summary>Requests that changed the store and answered 2xx; the store's digest was taken anew after each.</summary>
    public int StoreWrites { get; private set; }

    /// <summary>Requests the HTTP server refused before the application ran (a 400 without body; see the runner).</summary>
    public int RefusedByServer { get; internal set; }

    /// <summary>Requests answered 4xx whose store digest was compared before and after.</summary>
    public int StoreChecks { get; private set; }

    public IReadOnlyDictionary<int, int> ByStatus => _byStatus;

    internal void Fail(HostileFailure failure) => _failures.Add(failure);

    internal void Add(HostileCase c, int status, bool checkedStore, bool wrote)
    {
        Requests++;
        StoreChecks += checkedStore ? 1 : 0;
        StoreWrites += wrote ? 1 : 0;
        _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
        if (!_byOperation.TryGetValue(c.Operation, out var counts))
        {
            _byOperation[c.Operation] = counts = new int[4];
        }

        counts[0]++;
        counts[status switch { < 300 => 1, < 500 => 2, _ => 3 }]++;
    }

    /// <summary>A Markdown table: per operation, requests, 2xx, 4xx, 5xx and failures; then the totals.</summary>
    public string ToMarkdown()
    {
        var failures = Failures.GroupBy(f => f.Case.Operation).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var text = new StringBuilder();
        text.AppendLine("| operation | requests | 2xx | 4xx | 5xx | failures (5xx, not problem+json, store changed by a 4xx) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (operation, counts) in _byOperation)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {operation} | {counts[0]:N0} | {counts[1]:N0} | {counts[2]:N0} | {counts[3]:N0} | {failures.GetValueOrDefault(operation):N0} |");
        }

        var totals = _byOperation.Values.Aggregate(new int[4], (sum, c) => [sum[0] + c[0], sum[1] + c[1], sum[2] + c[2], sum[3] + c[3]]);
        text.AppendLine(CultureInfo.InvariantCulture, $"| **all {_byOperation.Count} operations** | **{totals[0]:N0}** | **{totals[1]:N0}** | **{totals[2]:N0}** | **{totals[3]:N0}** | **{Failures.Count:N0}** |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Statuses: {string.Join(", ", _byStatus.Select(s => $"{s.Key} × {s.Value:N0}"))}. Store digest compared around {StoreChecks:N0} refused writes; {StoreWrites:N0} writes were accepted (2xx) and the digest taken anew. {RefusedByServer:N0} requests were refused by the HTTP server itself before the application ran (a NUL in the path: Kestrel's 400 without body, which closes the connection).");
        return text.ToString();
    }

    /// <summary>The failures, one line each, for a test's message; at most <paramref name="limit"/>.</summary>
    public string Describe(int limit = 25) => string.Join(
        Environment.NewLine,
        Failures.Take(limit).Select(f => $"{f.Case.Operation} [{f.Case.Label}] {f.Case.Method} {Shorten(f.Case.Target)} → {f.Status}: {f.Problem} {Shorten(f.Body)}"));

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>Sends hostile requests to a running service and checks every answer.</summary>
/// <remarks>
/// Checks: no answer is a 5xx; every 4xx is <c>application/problem+json</c> whose <c>status</c> is the answer's; and a
/// request that could write (not a GET) and was refused left the store exactly as it was, by a digest of everything
/// stored (<paramref name="digest"/>) taken before and after it.
/// </remarks>
/// <param name="client">A client of the service; the runner sets the headers of each request itself.</param>
/// <param name="token">The valid token, sent unless a case says otherwise.</param>
/// <param name="digest">A digest of everything the service stores.</param>
public sealed class HostileRunner(HttpClient client, string token, Func<CancellationToken, Task<string>> digest)
{
    /// <summary>Stores a conversation with messages, flags one and tags it; the cases' valid requests refer to them.</summary>
    public async Task<HostileFixture> SetUpAsync(CancellationToken cancellationToken)
    {
        const string sender = "hostile-sender";
        const string timestamp = "1700000001.25";
        await SendValidAsync(HttpMethod.Put, $"/api/conversations/{sender}/tracker", $$"""
            [{"event":"action","name":"action_session_start","timestamp":1700000000},
             {"event":"user","text":"hello","timestamp":{{timestamp}},"parse_data":{"intent":{"name":"greet","confidence":0.9},"entities":[]},"input_channel":"rest"},
             {"event":"action","name":"utter_greet","policy":"RulePolicy","confidence":1.0,"timestamp":1700000002},
             {"event":"bot","text":"hi","timestamp":1700000003}]
            """, cancellationToken).ConfigureAwait(false);
        await SendValidAsync(HttpMethod.Put, $"/api/conversations/{sender}/messages/{timestamp}", null, cancellationToken).ConfigureAwait(false);
        var tag = await SendValidAsync(HttpMethod.Post, "/api/conversationTags", """{"assistantName":"default","name":"hostile tag"}""", cancellationToken).ConfigureAwait(false);
        var tagId = JsonDocument.Parse(tag).RootElement.GetProperty("id").GetInt64();
        await SendValidAsync(HttpMethod.Put, $"/api/conversations/{sender}/tags/{tagId}", null, cancellationToken).ConfigureAwait(false);
        return new HostileFixture(sender, timestamp, tagId);
    }

    /// <summary>Sends every case in order and checks its answer.</summary>
    public async Task<HostileReport> RunAsync(IReadOnlyList<HostileCase> cases, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var report = new HostileReport();
        var current = await digest(cancellationToken).ConfigureAwait(false);
        foreach (var c in cases)
        {
            using var request = Request(c);
            HttpResponseMessage response;
            string body;
            try
            {
                response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                // The service cut the answer (an exception after it had started writing) or dropped the connection.
                report.Fail(new HostileFailure(c, 0, "no whole answer: " + e.Message, e.InnerException?.Message ?? string.Empty));
                report.Add(c, 599, checkedStore: false, wrote: false);
                continue;
            }

            using var disposeResponse = response;
            var status = (int)response.StatusCode;
            var writes = c.Method != "GET" && c.Method != "OPTIONS";
            var checkedStore = false;
            var wrote = false;
            if (IsServerRefusal(response, status, body))
            {
                report.RefusedByServer++;
            }
            else if (status >= 500)
            {
                report.Fail(new HostileFailure(c, status, "5xx", body));
            }
            else if (status >= 400 && ProblemFault(response, status, body) is { } fault)
            {
                report.Fail(new HostileFailure(c, status, fault, body));
            }

            if (writes && status >= 400)
            {
                checkedStore = true;
                var after = await digest(cancellationToken).ConfigureAwait(false);
                if (after != current)
                {
                    report.Fail(new HostileFailure(c, status, "the store changed", body));
                    current = after;
                }
            }
            else if (writes && status < 300)
            {
                wrote = true;
                current = await digest(cancellationToken).ConfigureAwait(false);
            }

            report.Add(c, status, checkedStore, wrote);
            progress?.Report(report.Requests);
        }

        return report;
    }

    /// <summary>
    /// Whether the answer is the HTTP server's own refusal of a request it could not parse (Kestrel: a NUL or an
    /// invalid character in the decoded path): a 400 without body that closes the connection, written before the
    /// application runs, which therefore cannot describe it. Counted apart; anything else must be a problem.
    /// </summary>
    private static bool IsServerRefusal(HttpResponseMessage response, int status, string body) =>
        status == 400 && body.Length == 0 && response.Content.Headers.ContentType is null && response.Headers.ConnectionClose == true;

    /// <summary>Why an error answer is not the problem it must be; null when it is one.</summary>
    private static string? ProblemFault(HttpResponseMessage response, int status, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"Content-Type '{response.Content.Headers.ContentType}', not application/problem+json";
        }

        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.TryGetProperty("status", out var s) && s.TryGetInt32(out var value) && value == status
                && problem.TryGetProperty("title", out _) && problem.TryGetProperty("type", out _)
                ? null
                : "problem without its status, title or type";
        }
        catch (JsonException)
        {
            return "problem+json that is not JSON";
        }
    }

    private HttpRequestMessage Request(HostileCase c)
    {
        var request = new HttpRequestMessage(new HttpMethod(c.Method), new Uri(c.Target, UriKind.Relative));
        if (c.Body is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            if (!string.IsNullOrEmpty(c.ContentType))
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
        }

        var authorization = c.Authorization ?? "Bearer " + token;
        if (authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (c.Accept is { } accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }

    private async Task<string> SendValidAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {body}");
    }
}
