using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace RasaPlatform.Api.Http;

/// <summary>
/// Writes every problem that does not come from an MVC result (the exception handler's, the status-code pages',
/// authentication's, the body limit's) as <c>application/problem+json</c>, whatever the request's <c>Accept</c> says.
/// </summary>
/// <remarks>
/// ASP.NET Core's own writer declines when <c>Accept</c> names neither JSON nor <c>*/*</c> (XML, Markdown, HTML), and
/// then the client got the status with an empty body. An error is always described the one way the API documents,
/// completed by <see cref="Complete"/> as MVC's problems are.
/// </remarks>
internal sealed class ProblemJsonWriter(ProblemDetailsFactory factory) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = Complete(factory, http, context.ProblemDetails, http.Response.StatusCode);
        http.Response.StatusCode = problem.Status!.Value;
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: Problems.ContentType, http.RequestAborted));
    }

    /// <summary>
    /// Gives <paramref name="problem"/> what every problem of the API carries and it lacks: <c>status</c>, and the
    /// <c>type</c>, <c>title</c> and <c>traceId</c> <see cref="ProblemDetailsFactory"/> gives that status.
    /// </summary>
    public static ProblemDetails Complete(ProblemDetailsFactory factory, HttpContext http, ProblemDetails problem, int status)
    {
        var defaults = factory.CreateProblemDetails(http, problem.Status ?? status);
        problem.Status ??= defaults.Status;
        problem.Type ??= defaults.Type;
        problem.Title ??= defaults.Title;
        foreach (var (key, value) in defaults.Extensions)
        {
            problem.Extensions.TryAdd(key, value);
        }

        return problem;
    }

    /// <summary>Completes the problems the API's actions and filters return (<see cref="Problems"/>) the same way.</summary>
    internal sealed class ResultFilter(ProblemDetailsFactory factory) : IAlwaysRunResultFilter
    {
        public void OnResultExecuting(ResultExecutingContext context)
        {
            if (context.Result is ObjectResult { Value: ProblemDetails problem } result)
            {
                Complete(factory, context.HttpContext, problem, result.StatusCode ?? StatusCodes.Status500InternalServerError);
            }
        }

        public void OnResultExecuted(ResultExecutedContext context)
        {
        }
    }
}
