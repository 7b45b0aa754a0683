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

    /// <summary>A 404 whose <c>errors</c> name the parameter or field that named nothing.</summary>
    public static ObjectResult NotFound(string field, string detail) => Named(StatusCodes.Status404NotFound, "Not Found", field, detail);

    /// <summary>A 409 whose <c>errors</c> name the parameter or field that conflicts.</summary>
    public static ObjectResult Conflict(string field, string detail) => Named(StatusCodes.Status409Conflict, "Conflict", field, detail);

    public static ObjectResult Invalid(string field, string message) =>
        Named(StatusCodes.Status400BadRequest, "One or more validation errors occurred.", field, message);

    /// <summary>A problem with <c>errors</c> naming <paramref name="field"/>, as validation problems do.</summary>
    public static ObjectResult Named(int status, string title, string field, string detail) =>
        new(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = status,
            Title = title,
            Detail = detail,
        })
        {
            StatusCode = status,
            ContentTypes = { ContentType },
        };

    public static ObjectResult Problem(int status, string title, string detail) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail })
        {
            StatusCode = status,
            ContentTypes = { ContentType },
        };
}
