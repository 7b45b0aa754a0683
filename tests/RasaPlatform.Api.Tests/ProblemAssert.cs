using System.Net;
using System.Text.Json;

namespace RasaPlatform.Api.Tests;

/// <summary>Asserts on RFC 7807 answers.</summary>
internal static class ProblemAssert
{
    /// <summary>The response is a problem+json of <paramref name="status"/>, naming <paramref name="field"/> when given.</summary>
    public static async Task IsAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(
                problem.GetProperty("errors").TryGetProperty(field, out _),
                $"errors should name '{field}': {problem.GetRawText()}");
        }
    }
}
