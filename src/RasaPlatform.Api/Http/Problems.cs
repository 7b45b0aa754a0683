using Microsoft.AspNetCore.Mvc;

namespace RasaPlatform.Api.Http;

/// <summary>RFC 7807 responses the API classes return.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not Found", detail);

    /// <summary>
    /// The answer for a conversation that is not stored, and, word for word, for one that a token limited to other
    /// assistants may not reach.
    /// </summary>
    public static ObjectResult NoSuchConversation(string senderId) => NotFound($"No conversation with sender id '{senderId}' is stored.");

    public static ObjectResult Invalid(string field, string message) =>
        new(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = message,
        })
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { ContentType },
        };

    public static ObjectResult Problem(int status, string title, string detail) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail })
        {
            StatusCode = status,
            ContentTypes = { ContentType },
        };
}
