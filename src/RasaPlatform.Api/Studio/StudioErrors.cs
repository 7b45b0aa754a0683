using GraphQL;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Api.Studio;

/// <summary>The errors the Studio schema answers with, by <c>extensions.code</c>.</summary>
internal static class StudioErrors
{
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string Forbidden = "FORBIDDEN";
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";

    /// <summary>An input the REST routes would answer with a 400 naming <see cref="InvalidEventException.Field"/>.</summary>
    public static ExecutionError Invalid(InvalidEventException invalid) => Error(BadUserInput, invalid.Message, invalid.Field);

    /// <summary>An error with its code and, when one is at fault, the input field.</summary>
    public static ExecutionError Error(string code, string message, string? field = null)
    {
        var error = new ExecutionError(message) { Code = code };
        if (!string.IsNullOrEmpty(field))
        {
            error.Extensions = new Dictionary<string, object?> { ["field"] = field };
        }

        return error;
    }
}
