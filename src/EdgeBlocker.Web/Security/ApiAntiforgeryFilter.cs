using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace EdgeBlocker.Web.Security;

/// <summary>
/// A change made through the API with the browser's login cookie must carry the antiforgery token (header
/// <c>RequestVerificationToken</c>), as every page form does: a cookie alone could be sent by another site. Token
/// requests need none: a browser never adds a bearer token by itself.
/// </summary>
public sealed class ApiAntiforgeryFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        if (unsafeMethod && http.User.Identity?.AuthenticationType == AuthSchemes.Cookie)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem("missing or invalid antiforgery token", statusCode: StatusCodes.Status400BadRequest);
            }
        }

        return await next(context);
    }
}
