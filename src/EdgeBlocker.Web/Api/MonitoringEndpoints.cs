using EdgeBlocker.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeBlocker.Web.Api;

/// <summary><c>/healthz</c> (no login: for load balancers and systemd checks) and <c>/metrics</c> (Prometheus, token or login).</summary>
public static class MonitoringEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"))
            .AllowAnonymous()
            .WithSummary("Liveness: 200 while the service runs. No login needed; says nothing else.");
        app.MapGet("/metrics", (PrometheusText metrics) => Results.Text(metrics.Write(), PrometheusText.ContentType))
            .WithSummary("Prometheus metrics: calls, verdicts by rule kind, screening latency, record drops, lists.");
    }
}
