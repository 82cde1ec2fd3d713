using Microsoft.AspNetCore.Http;

namespace EdgeBlocker.Web.Api;

/// <summary>The API's refusals: a JSON body <c>{"error": "..."}</c> with the status.</summary>
public static class ApiError
{
    public static IResult BadRequest(string message) => Results.Json(new ErrorBody(message), statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string message) => Results.Json(new ErrorBody(message), statusCode: StatusCodes.Status404NotFound);

    /// <summary>Ok when <paramref name="error"/> is null, 400 (404 for "no list/entry") otherwise.</summary>
    public static IResult From(string? error, object? ok = null) =>
        error is null ? Results.Ok(ok ?? new { ok = true })
        : error.StartsWith("no ", StringComparison.Ordinal) || error.Contains("not found", StringComparison.OrdinalIgnoreCase) ? NotFound(error)
        : BadRequest(error);
}
