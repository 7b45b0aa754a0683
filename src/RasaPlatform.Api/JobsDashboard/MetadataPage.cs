using System.Globalization;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using NodaTime.Text;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.JobsDashboard;

/// <summary>
/// The dashboard's "Metadata" page: the metadata queue (pending conversations), a catch-up's progress and whether its
/// maintenance is deferred, and the conversations whose fold or save failed, each with its error, attempts and next
/// retry, as <c>GET /api/admin/metadata</c> reports them.
/// </summary>
internal sealed class MetadataPage : RazorPage
{
    public const string Route = "/metadata";

    private const int Listed = 100;

    public override void Execute()
    {
        Layout = new LayoutPage("Metadata");
        var services = Context.GetHttpContext().RequestServices;
        var store = services.GetRequiredService<IMetadataStore>();

        // Hangfire renders pages synchronously.
        var pending = store.PendingCountAsync(CancellationToken.None).GetAwaiter().GetResult();
        var failures = store.FailuresAsync(Listed, CancellationToken.None).GetAwaiter().GetResult();
        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Metadata</h1>");
        WriteLiteral("<p>Conversations waiting for their metadata: <strong>");
        Write(pending.ToString(CultureInfo.InvariantCulture));
        WriteLiteral("</strong>. Failed, waiting for their retry: <strong>");
        Write(failures.Count.ToString(CultureInfo.InvariantCulture));
        WriteLiteral("</strong>. The metadata projection runs as a process of every server (see Servers); a failed conversation is retried with backoff while the others flow on.</p>");
        WriteCatchUp(services.GetRequiredService<MetadataThroughput>().Progress(pending));
        if (store.IsMaintenanceDeferredAsync(CancellationToken.None).GetAwaiter().GetResult())
        {
            WriteLiteral("<div class=\"alert alert-info\">Maintenance deferred: a large catch-up has set the store's secondary indexes, name counts and analytics sums aside until its final pass. The conversation list is current; statistics, analytics and distinct-name counts show what they showed when it began.</div>");
        }
        if (failures.Items.Count == 0)
        {
            WriteLiteral("<div class=\"alert alert-success\">No conversation has failed.</div></div></div>");
            return;
        }

        WriteLiteral("<table class=\"table table-striped\"><thead><tr><th>Sender id</th><th>Attempts</th><th>Next retry (UTC)</th><th>Error</th></tr></thead><tbody>");
        foreach (var failure in failures.Items)
        {
            WriteLiteral("<tr><td>");
            Write(failure.SenderId);
            WriteLiteral("</td><td>");
            Write(failure.Attempts.ToString(CultureInfo.InvariantCulture));
            WriteLiteral("</td><td>");
            Write(failure.RetryAt is { } at ? InstantPattern.General.Format(at) : "now");
            WriteLiteral("</td><td><code>");
            Write(failure.Error);
            WriteLiteral("</code></td></tr>");
        }

        WriteLiteral("</tbody></table></div></div>");
    }

    /// <summary>This instance's catch-up: a bar of done / total with the rate and the time left, or the last one's outcome.</summary>
    private void WriteCatchUp(MetadataProgress progress)
    {
        if (progress.Since is null)
        {
            return;
        }

        var percent = progress.Total == 0 ? 100 : 100.0 * progress.Done / progress.Total;
        WriteLiteral("<h3>Catch-up</h3><p>");
        Write(progress.CatchingUp ? "Under way on this instance since " : "The last one, on this instance, ran from ");
        Write(InstantPattern.General.Format(progress.Since.Value));
        if (progress.Ended is { } ended)
        {
            Write(" to " + InstantPattern.General.Format(ended));
        }

        WriteLiteral(": <strong>");
        Write(string.Create(CultureInfo.InvariantCulture, $"{progress.Done:N0} of {progress.Total:N0}"));
        WriteLiteral("</strong> conversations, ");
        Write(string.Create(CultureInfo.InvariantCulture, $"{progress.RatePerSecond:N0} a second over the last {MetadataThroughput.Window.TotalSeconds:N0} s"));
        if (progress.CatchingUp && progress.EstimatedSecondsLeft is { } left)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $", about {TimeSpan.FromSeconds(Math.Ceiling(left)):c} left"));
        }

        WriteLiteral(".</p><div class=\"progress\"><div class=\"progress-bar\" role=\"progressbar\" style=\"width: ");
        Write(percent.ToString("F1", CultureInfo.InvariantCulture));
        WriteLiteral("%\">");
        Write(percent.ToString("F0", CultureInfo.InvariantCulture) + " %");
        WriteLiteral("</div></div>");
    }
}
