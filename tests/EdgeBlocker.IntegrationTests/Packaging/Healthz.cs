using System.Net;

namespace EdgeBlocker.IntegrationTests.Packaging;

/// <summary>
/// The web server's unauthenticated health check, <c>GET /healthz</c>: <see cref="EmulatedArm64Tests"/> checks that the
/// arm64 build serves it (started with <c>EdgeBlocker:Web:Urls</c> on a free loopback port).
/// </summary>
public static class Healthz
{
    /// <summary>Fails the test unless <c>GET {web}/healthz</c> answers 200 within <paramref name="timeout"/>.</summary>
    public static async Task AssertServedAsync(Uri web, TimeSpan timeout, string context)
    {
        using var http = new HttpClient { Timeout = timeout };
        HttpResponseMessage? response = null;
        try
        {
            response = await http.GetAsync(new Uri(web, "/healthz"));
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"GET {web}healthz failed: {e.Message}\n{context}");
        }
        catch (TaskCanceledException)
        {
            Assert.Fail($"GET {web}healthz: no answer within {timeout.TotalSeconds:0} s\n{context}");
        }
        using (response)
        {
            Assert.True(response!.StatusCode == HttpStatusCode.OK, $"GET {web}healthz answered {(int)response.StatusCode}\n{context}");
        }
    }
}
