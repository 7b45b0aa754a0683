using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NodaTime;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Storage;
using ConversationMarkers = RasaPlatform.Api.Generated.ConversationMarkers;
using MarkerApplication = RasaPlatform.Api.Generated.MarkerApplication;
using MarkerStatistics = RasaPlatform.Api.Generated.MarkerStatistics;
using MarkerSummary = RasaPlatform.Api.Generated.MarkerSummary;
using TurnStatistics = RasaPlatform.Core.Markers.TurnStatistics;

namespace RasaPlatform.Api.Markers;

/// <summary>
/// Marker configurations per assistant and a conversation's marker results. To a token limited to assistants,
/// another assistant's markers do not exist (404, as for an assistant without markers); defining them is a 403.
/// </summary>
internal sealed class MarkersApi(
    IMarkerStore markers,
    ConversationAccess access,
    IOptions<AssistantOptions> assistants,
    IClock clock,
    IHttpContextAccessor http) : IMarkersController
{
    /// <summary>The header carrying the version of a configuration served as YAML.</summary>
    public const string VersionHeader = "Marker-Configuration-Version";

    /// <summary>The header of a listing filtered by markers: the configurations it reflects.</summary>
    public const string VersionsHeader = "Marker-Configuration-Versions";

    private const string AssistantField = "assistant";

    /// <summary>The most sessions one page of per-session statistics holds.</summary>
    private const int MaximumSessionPage = 10_000;

    /// <summary>How many sessions a CSV download reads at a time.</summary>
    private const int CsvPage = 5_000;

    /// <summary>What the error of a configuration breaking a rule names when the rule is about the whole document.</summary>
    private const string ConfigurationField = "configuration";

    public async Task<ActionResult<MarkerConfigurationState>> GetConfigurationAsync(string? assistant, CancellationToken cancellationToken)
    {
        var name = Assistant(assistant);
        if (!access.Access.IsAllowed(name) || await markers.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return NoMarkers(name);
        }

        if (WantsYaml())
        {
            http.HttpContext!.Response.Headers[VersionHeader] = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new ContentResult { Content = MarkerConfigurationWriter.ToYaml(stored.Configuration), ContentType = "application/yaml; charset=utf-8" };
        }

        return await StateAsync(stored, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ActionResult<MarkerConfigurationState>> PutConfigurationAsync(string? assistant, string body, CancellationToken cancellationToken)
    {
        var name = Assistant(assistant);
        if (!access.Access.IsAllowed(name))
        {
            return Problems.Named(
                StatusCodes.Status403Forbidden,
                "Forbidden",
                AssistantField,
                $"This token is limited to assistants {string.Join(", ", access.Access.Assistants)}; it may not define the markers of assistant '{name}'.");
        }

        MarkerConfiguration configuration;
        try
        {
            configuration = MarkerConfigurationReader.Read(body);
        }
        catch (MarkerConfigurationException e)
        {
            return Problems.Invalid(e.Path.Length == 0 ? ConfigurationField : e.Path, e.Rule);
        }

        var (stored, _) = await markers.PutAsync(name, configuration, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        return await StateAsync(stored, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> DeleteConfigurationAsync(string? assistant, CancellationToken cancellationToken)
    {
        var name = Assistant(assistant);
        return access.Access.IsAllowed(name) && await markers.DeleteAsync(name, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : NoMarkers(name);
    }

    public async Task<ActionResult<ConversationMarkers>> GetConversationMarkersAsync(string sender_id, CancellationToken cancellationToken)
    {
        if (await access.AssistantOfAsync(sender_id, cancellationToken).ConfigureAwait(false) is not { } assistant)
        {
            return Problems.NoSuchConversation(sender_id);
        }

        var stored = await markers.GetAsync(assistant, cancellationToken).ConfigureAwait(false);
        var results = await markers.ReadConversationAsync(sender_id, stored?.Version ?? 0, cancellationToken).ConfigureAwait(false);
        if (results is null)
        {
            return Problems.NoSuchConversation(sender_id);
        }

        return new ConversationMarkers
        {
            Sender_id = sender_id,
            Assistant = assistant,
            Version = stored?.Version,
            Pending = results.Pending,
            Sessions = stored is null ? [] : [.. Sessions(stored.Configuration, results.Results)],
        };
    }

    public async Task<ActionResult<MarkerStatistics>> GetStatisticsAsync(
        string? assistant,
        string? start,
        string? until,
        bool per_session,
        int limit,
        int offset,
        CancellationToken cancellationToken)
    {
        var (name, from, to) = Range(assistant, start, until);
        if (limit is < 1 or > MaximumSessionPage)
        {
            throw new InvalidEventException(nameof(limit), $"'limit' must be 1 to {MaximumSessionPage}.");
        }

        if (offset < 0)
        {
            throw new InvalidEventException(nameof(offset), "'offset' must not be negative.");
        }

        if (!access.Access.IsAllowed(name) || await markers.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return NoMarkers(name);
        }

        var counts = await markers.CountAsync(stored.Version, from, to, cancellationToken).ConfigureAwait(false);
        var statistics = new MarkerStatistics
        {
            Assistant = name,
            Version = stored.Version,
            Pending = await markers.PendingAsync(name, cancellationToken).ConfigureAwait(false),
            Total_number_of_sessions = counts.TotalSessions,
            Markers = [.. counts.Summaries(stored.Configuration).Select(s => new MarkerSummary
            {
                Marker = s.Marker,
                Number_of_sessions_where_marker_applied_at_least_once = s.Sessions,
                Percentage_of_sessions_where_marker_applied_at_least_once = s.Percentage,
                Preceding_user_turns = Turns(s.Turns),
            })],
        };
        if (per_session)
        {
            var names = stored.Configuration.Markers.Select(m => m.Name).Order(StringComparer.Ordinal).ToList();
            var sessions = await markers.SessionsAsync(stored.Version, from, to, after: null, offset, limit, cancellationToken).ConfigureAwait(false);
            statistics.Sessions = [.. sessions.Select(s => new MarkerSessionStatistics
            {
                Sender_id = s.SenderId,
                Session_index = s.Session.Index,
                Start_time = s.Session.StartTime,
                Markers = names.ToDictionary(
                    n => n,
                    n => Turns(TurnStatistics.Of(s.Applications.Where(a => a.Marker == n).Select(a => (long)a.Turns))),
                    StringComparer.Ordinal),
            })];
        }

        return statistics;
    }

    public Task<ActionResult<string>> DownloadExtractedAsync(string? assistant, string? start, string? until, CancellationToken cancellationToken) =>
        CsvAsync(assistant, start, until, "markers-extracted.csv", async (stored, from, to, body, token) =>
        {
            var order = stored.Configuration.Markers.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
            await body.WriteLineAsync(MarkerCsv.ExtractedHeader).ConfigureAwait(false);
            await foreach (var (sender, session, applications) in SessionsAsync(stored.Version, from, to, token).ConfigureAwait(false))
            {
                foreach (var row in MarkerCsv.ExtractedRows(sender, session.Index, applications, order))
                {
                    await body.WriteLineAsync(row).ConfigureAwait(false);
                }
            }
        },
        cancellationToken);

    public Task<ActionResult<string>> DownloadOverallStatisticsAsync(string? assistant, string? start, string? until, CancellationToken cancellationToken) =>
        CsvAsync(assistant, start, until, "markers-overall.csv", async (stored, from, to, body, token) =>
        {
            var counts = await markers.CountAsync(stored.Version, from, to, token).ConfigureAwait(false);
            await body.WriteLineAsync(MarkerCsv.StatisticsHeader).ConfigureAwait(false);
            foreach (var row in MarkerCsv.OverallRows(counts.TotalSessions, counts.Summaries(stored.Configuration)))
            {
                await body.WriteLineAsync(row).ConfigureAwait(false);
            }
        },
        cancellationToken);

    public Task<ActionResult<string>> DownloadSessionStatisticsAsync(string? assistant, string? start, string? until, CancellationToken cancellationToken) =>
        CsvAsync(assistant, start, until, "markers-per-session.csv", async (stored, from, to, body, token) =>
        {
            await body.WriteLineAsync(MarkerCsv.StatisticsHeader).ConfigureAwait(false);

            // Rasa's order is marker, then statistic, then session: one pass over the sessions per marker, each
            // statistic's rows buffered in a file of its own until the pass ends.
            foreach (var marker in stored.Configuration.Markers.Select(m => m.Name).Order(StringComparer.Ordinal))
            {
                var buffers = MarkerCsv.PerSessionOrder.Select(_ => new StreamWriter(TemporaryFile(), new UTF8Encoding(false)) { NewLine = body.NewLine }).ToList();
                try
                {
                    await foreach (var (sender, session, applications) in SessionsAsync(stored.Version, from, to, token).ConfigureAwait(false))
                    {
                        var turns = TurnStatistics.Of(applications.Where(a => a.Marker == marker).Select(a => (long)a.Turns));
                        for (var i = 0; i < buffers.Count; i++)
                        {
                            await buffers[i].WriteLineAsync(MarkerCsv.PerSessionRow(sender, session.Index, marker, MarkerCsv.PerSessionOrder[i], turns)).ConfigureAwait(false);
                        }
                    }

                    foreach (var buffer in buffers)
                    {
                        await buffer.FlushAsync(token).ConfigureAwait(false);
                        buffer.BaseStream.Position = 0;
                        await body.FlushAsync(token).ConfigureAwait(false);
                        await buffer.BaseStream.CopyToAsync(body.BaseStream, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    foreach (var buffer in buffers)
                    {
                        await buffer.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        },
        cancellationToken);

    /// <summary>The sessions in the range, page by page, in the order of their sender ids and indices.</summary>
    private async IAsyncEnumerable<(string SenderId, MarkerSession Session, IReadOnlyList<(string Marker, int EventIndex, int Turns)> Applications)> SessionsAsync(
        long version,
        double? from,
        double? to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (string, int)? after = null;
        while (true)
        {
            var page = await markers.SessionsAsync(version, from, to, after, 0, CsvPage, cancellationToken).ConfigureAwait(false);
            foreach (var session in page)
            {
                yield return session;
            }

            if (page.Count < CsvPage)
            {
                yield break;
            }

            after = (page[^1].SenderId, page[^1].Session.Index);
        }
    }

    /// <summary>Checks the request, then streams the file <paramref name="write"/> writes as a UTF-8 CSV attachment.</summary>
    private async Task<ActionResult<string>> CsvAsync(
        string? assistant,
        string? start,
        string? until,
        string fileName,
        Func<StoredMarkerConfiguration, double?, double?, StreamWriter, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        var (name, from, to) = Range(assistant, start, until);
        if (!access.Access.IsAllowed(name) || await markers.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return NoMarkers(name);
        }

        return new AttachmentResult(fileName, "text/csv; charset=utf-8", async (body, token) =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 64 * 1024) { NewLine = "\r\n" };
            await write(stored, from, to, writer, token).ConfigureAwait(false);
        });
    }

    /// <summary>The assistant and the range of session starts a request names.</summary>
    /// <exception cref="InvalidEventException">A name or time is not acceptable, or <c>until</c> lies before <c>start</c>.</exception>
    private (string Assistant, double? From, double? To) Range(string? assistant, string? start, string? until)
    {
        var name = Assistant(assistant);
        var from = Core.Listing.ListingArguments.Time(nameof(start), start);
        var to = Core.Listing.ListingArguments.Time(nameof(until), until);
        return from is { } low && to is { } high && high < low
            ? throw new InvalidEventException(nameof(until), "'until' must not be before 'start'.")
            : (name, from, to);
    }

    private static FileStream TemporaryFile() => new(
        Path.Combine(Path.GetTempPath(), $"rasaplatform-markers-{Guid.NewGuid():N}.csv"),
        FileMode.CreateNew,
        FileAccess.ReadWrite,
        FileShare.None,
        64 * 1024,
        FileOptions.DeleteOnClose);

    private static Generated.TurnStatistics Turns(TurnStatistics turns) => new()
    {
        Count = turns.Count,
        Mean = turns.Mean,
        Median = turns.Median,
        Min = turns.Minimum,
        Max = turns.Maximum,
    };

    /// <summary>Each session with every marker of the configuration, in its order, and where it applied.</summary>
    private static IEnumerable<MarkerSessionResults> Sessions(MarkerConfiguration configuration, MarkerResults results)
    {
        var bySession = results.Applications.ToLookup(a => a.SessionIndex);
        foreach (var session in results.Sessions)
        {
            var applied = bySession[session.Index].ToLookup(a => a.Marker, StringComparer.Ordinal);
            var byMarker = new Dictionary<string, List<MarkerApplication>>(StringComparer.Ordinal);
            foreach (var marker in configuration.Markers)
            {
                byMarker[marker.Name] = [.. applied[marker.Name].Select(a => new MarkerApplication
                {
                    Event_index = a.EventIndex,
                    Preceding_user_turns = a.PrecedingUserTurns,
                    Timestamp = a.Timestamp,
                })];
            }

            yield return new MarkerSessionResults
            {
                Session_index = session.Index,
                Event_index = session.EventIndex,
                Start_time = session.StartTime,
                Markers = byMarker,
            };
        }
    }

    private async Task<MarkerConfigurationState> StateAsync(StoredMarkerConfiguration stored, CancellationToken cancellationToken) => new()
    {
        Assistant = stored.Assistant,
        Version = stored.Version,
        Updated_at = stored.UpdatedAt.ToDateTimeOffset(),
        Markers = JsonDocument.Parse(MarkerConfigurationWriter.ToJson(stored.Configuration)).RootElement.Clone(),
        Pending = await markers.PendingAsync(stored.Assistant, cancellationToken).ConfigureAwait(false),
    };

    /// <summary>The assistant a request names, or the default one when it names none.</summary>
    /// <exception cref="InvalidEventException">The name is too long or holds a control character.</exception>
    private string Assistant(string? assistant) => string.IsNullOrEmpty(assistant)
        ? assistants.Value.Default
        : Core.Tags.TagArguments.Assistant(AssistantField, assistant);

    private static ObjectResult NoMarkers(string assistant) =>
        Problems.NotFound(AssistantField, $"Assistant '{assistant}' has no markers.");

    /// <summary>Whether the request's <c>Accept</c> prefers a YAML type to JSON.</summary>
    private bool WantsYaml()
    {
        var accept = http.HttpContext?.Request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0)
        {
            return false;
        }

        double Quality(Func<MediaTypeHeaderValue, bool> matches) =>
            accept.Where(matches).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();

        var yaml = Quality(a => MarkerBodyFormatter.YamlTypes.Any(t => a.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase)));
        var json = Quality(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        return yaml > 0 && yaml > json;
    }
}
