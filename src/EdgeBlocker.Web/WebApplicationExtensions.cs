using EdgeBlocker.Web.Api;
using EdgeBlocker.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace EdgeBlocker.Web;

/// <summary>The web pipeline: security headers, embedded assets, first run, login, pages, API, health and metrics.</summary>
public static class WebApplicationExtensions
{
    public static WebApplication UseEdgeBlockerWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(SecurityHeaders.Apply);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebOptions).Assembly, "EdgeBlocker.Web.Assets"),
        });
        app.Use(FirstRun.Apply);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapRazorPages();
        app.MapOpenApi("/openapi/{documentName}.json");
        MonitoringEndpoints.Map(app);
        var api = app.MapGroup("/api").AddEndpointFilter<ApiAntiforgeryFilter>();
        DashboardApi.Map(api);
        ListsApi.Map(api);
        SubscriptionsApi.Map(api);
        CallsApi.Map(api);
        AdminApi.Map(api);
        return app;
    }
}
