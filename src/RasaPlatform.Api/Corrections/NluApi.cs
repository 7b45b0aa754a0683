using System.Text;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Corrections;

namespace RasaPlatform.Api.Corrections;

/// <summary>The corrected user messages as Rasa NLU training data (YAML).</summary>
/// <remarks>A token limited to assistants exports its assistants' conversations only (<see cref="AssistantAccess.Allowed"/>).</remarks>
internal sealed class NluApi(CorrectionExport export, AssistantAccess access) : INluController
{
    /// <summary>The media type the contract declares; YAML has no registered one, and Rasa's tools do not look at it.</summary>
    public const string MediaType = "application/x-yaml";

    public async Task<ActionResult<string>> ExportCorrectionsAsync(string? assistant, string? start, string? until, CancellationToken cancellationToken)
    {
        var from = AnalyticsArguments.Time(nameof(start), start);
        var to = AnalyticsArguments.Time(nameof(until), until);
        if (from is { } s && to is { } u)
        {
            AnalyticsArguments.Range(s, u, nameof(until));
        }

        var scope = AssistantScope.Intersect(AssistantScope.Parse(nameof(assistant), assistant), access.Allowed);
        var yaml = await export.TrainingDataAsync(from, to, scope, cancellationToken).ConfigureAwait(false);
        return new ContentResult { Content = yaml, ContentType = MediaType + "; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
