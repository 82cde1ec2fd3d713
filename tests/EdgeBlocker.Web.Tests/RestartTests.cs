using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeBlocker.IntegrationTests.Infrastructure;
using EdgeBlocker.Web.Services;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// Saved settings apply by a restart asked for on the page or the API: audited, the process exits 75 (which the unit's
/// <c>RestartForceExitStatus=75</c> and <c>make run</c> restart), and the next start runs with the saved values.
/// </summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_asked_by_an_admin_exits_75_is_audited_and_the_next_start_runs_the_saved_settings()
    {
        var data = Directory.CreateTempSubdirectory("edgeblocker-restart-").FullName;
        try
        {
            var settings = new ServiceSettings();
            string admin;
            await using (var first = await ServiceProcess.StartAsync(settings, dataDirectory: data))
            {
                Assert.True(await Loopback.WaitListeningAsync(Loopback.Box, settings.WebPort, tcp: true, TimeSpan.FromSeconds(20)), first.Output);
                using var session = new WebSession(first.BaseAddress());
                await session.SetUpPasswordAsync();
                admin = await session.CreateTokenAsync("restart-admin", "admin");
                var reader = await session.CreateTokenAsync("restart-reader", "reader");
                using var adminApi = WebSession.WithToken(first.BaseAddress(), admin);
                using var readerApi = WebSession.WithToken(first.BaseAddress(), reader);

                var saved = await adminApi.PutAsJsonAsync("/api/settings", new Dictionary<string, string> { ["EdgeBlocker:Screening:Mode"] = "monitor" });
                Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.Forbidden, (await readerApi.PostAsync("/api/service/restart", null)).StatusCode);
                Assert.False(first.HasExited);

                var restart = await adminApi.PostAsync("/api/service/restart", null);
                Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
                Assert.Contains("EdgeBlocker:Screening:Mode", await restart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal(ServiceRestart.ExitCode, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            }

            await using var second = await ServiceProcess.StartAsync(settings, dataDirectory: data);
            Assert.True(await Loopback.WaitListeningAsync(Loopback.Box, settings.WebPort, tcp: true, TimeSpan.FromSeconds(20)), second.Output);
            using var api = WebSession.WithToken(second.BaseAddress(), admin);
            var mode = (await api.GetFromJsonAsync<JsonElement>("/api/settings")).EnumerateArray()
                .Single(s => s.GetProperty("key").GetString() == "EdgeBlocker:Screening:Mode");
            Assert.Equal("monitor", mode.GetProperty("running").GetString());
            var audit = await api.GetStringAsync("/api/audit");
            Assert.Contains("service.restart", audit, StringComparison.Ordinal);
            Assert.Contains("token:restart-admin", audit, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
