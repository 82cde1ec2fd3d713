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
        // The web server is the last thing the host starts (after SIP answers), and slower still under emulation:
        // a refused connection is retried until the timeout.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        string last = "no attempt";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(web, "/healthz"));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {web}healthz answered {(int)response.StatusCode}\n{context}");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
                await Task.Delay(500);
            }
        }

        Assert.Fail($"GET {web}healthz: no answer within {timeout.TotalSeconds:0} s ({last})\n{context}");
    }
}
