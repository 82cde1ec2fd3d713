using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>The REST API over HTTP against the running service, with API tokens.</summary>
public sealed class ApiTests : IClassFixture<ServiceWithPassword>
{
    private readonly ServiceWithPassword fixture;

    public ApiTests(ServiceWithPassword fixture) => this.fixture = fixture;

    [Fact]
    public async Task Healthz_answers_without_login_and_everything_else_wants_one()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.BaseAddress };
        var health = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/lists")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var forged = WebSession.WithToken(fixture.BaseAddress, "eb_0000_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/lists")).StatusCode);
    }

    [Fact]
    public async Task An_entry_added_through_the_API_blocks_the_number_in_any_format_and_exports_as_CSV()
    {
        using var admin = fixture.Admin();
        var added = await admin.PostAsJsonAsync("/api/lists/api-added/entries", new { value = "(202) 555-0177", reason = "complaint 42" });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());

        var verdict = await PollLookupAsync(admin, "202.555.0177", "block");
        Assert.Equal("+12025550177", verdict.GetProperty("e164").GetString());
        Assert.Equal("api-added", verdict.GetProperty("list").GetString());
        Assert.Contains("complaint 42", verdict.GetProperty("explanation").GetString(), StringComparison.Ordinal);

        var csv = await admin.GetStringAsync("/api/lists/api-added/csv");
        Assert.Contains("exact,+12025550177,block,603+,complaint 42,", csv, StringComparison.Ordinal);

        var bad = await admin.PostAsJsonAsync("/api/lists/api-added/entries", new { value = "not a number" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("error", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var removed = await admin.DeleteAsync("/api/lists/api-added/entries?value=%2B12025550177");
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());
        await PollLookupAsync(admin, "+12025550177", "allow");
    }

    [Fact]
    public async Task An_import_replaces_a_list_whole_a_bad_line_changes_nothing_and_rollback_returns_the_previous_version()
    {
        using var admin = fixture.Admin();
        using var first = new StringContent("value,reason\n+13105550100,first\n+13105550101,first\n", Encoding.UTF8, "text/csv");
        var firstImport = await admin.PutAsync("/api/lists/imported/csv", first);
        Assert.True(firstImport.IsSuccessStatusCode, await firstImport.Content.ReadAsStringAsync());
        using var bad = new StringContent("+13105550102\nnonsense\n", Encoding.UTF8, "text/plain");
        var refused = await admin.PutAsync("/api/lists/imported/csv", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("line 2", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var second = new StringContent("+13105550103\n", Encoding.UTF8, "text/plain");
        Assert.True((await admin.PutAsync("/api/lists/imported/csv", second)).IsSuccessStatusCode);
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("/api/lists/imported")).GetProperty("entryCount").GetInt64());

        Assert.True((await admin.PostAsync("/api/lists/imported/rollback", null)).IsSuccessStatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/lists/imported");
        Assert.Equal(2, list.GetProperty("entryCount").GetInt64());
        var history = await admin.GetFromJsonAsync<JsonElement>("/api/lists/imported/history");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("action").GetString() == "list.rollback" && e.GetProperty("actor").GetString() == "token:tests-admin");
    }

    [Fact]
    public async Task Blocked_calls_show_on_the_dashboard_counts_and_top_callers()
    {
        for (var i = 0; i < 2; i++)
        {
            await using var client = SipClient.Udp(fixture.Service.SipEndPoint);
            var call = new TestCall(client, ServiceSettings.BlockedNumber, ServiceSettings.CalledNumber);
            var final = await call.InviteAsync();
            await client.SendAsync(call.Ack(final));
            Assert.Equal(603, final.StatusCode);
        }

        using var reader = fixture.Reader();
        JsonElement dashboard = default;
        for (var i = 0; i < 40; i++)
        {
            // The dashboard reads its panels one after another: a batch committed between two reads shows in the later
            // one only, so wait for both.
            dashboard = await reader.GetFromJsonAsync<JsonElement>("/api/dashboard");
            if (dashboard.GetProperty("topCallers").GetArrayLength() > 0 && dashboard.GetProperty("topCallers")[0].GetProperty("blocked").GetInt64() >= 2
                && dashboard.GetProperty("blocked24h").GetInt64() >= 2)
            {
                break;
            }

            await Task.Delay(250);
        }

        var top = dashboard.GetProperty("topCallers")[0];
        Assert.Equal(ServiceSettings.BlockedNumber, top.GetProperty("number").GetString());
        Assert.Equal(2, top.GetProperty("blocked").GetInt64());
        Assert.True(dashboard.GetProperty("blocked24h").GetInt64() >= 2, dashboard.ToString());
    }

    [Fact]
    public async Task A_read_only_token_reads_but_may_not_change_anything()
    {
        using var reader = fixture.Reader();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/lists")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/dashboard")).StatusCode);
        var metrics = await reader.GetStringAsync("/metrics");
        Assert.Contains("edgeblocker_calls_screened_total", metrics, StringComparison.Ordinal);
        Assert.Contains("edgeblocker_screening_duration_seconds_bucket{le=\"+Inf\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("edgeblocker_call_records_dropped_total", metrics, StringComparison.Ordinal);

        var add = await reader.PostAsJsonAsync("/api/lists/reader-list/entries", new { value = "+12025550188" });
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/lists/reader-list")).StatusCode);
    }

    [Fact]
    public async Task The_indicators_are_mirrored_and_bypass_is_switched_by_an_admin_only()
    {
        using var reader = fixture.Reader();
        var indicators = await reader.GetFromJsonAsync<JsonElement>("/api/indicators");
        Assert.Equal("simulated", indicators.GetProperty("driver").GetString());
        Assert.Equal(["Health", "Trunk", "Blocked", "Sync"], indicators.GetProperty("leds").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync("/api/bypass", new { on = true })).StatusCode);

        using var admin = fixture.Admin();
        var on = await admin.PutAsJsonAsync("/api/bypass", new { on = true });
        Assert.True(on.IsSuccessStatusCode, await on.Content.ReadAsStringAsync());
        var verdict = await admin.GetFromJsonAsync<JsonElement>("/api/lookup?number=%2B15551230001");
        Assert.Contains("bypass", verdict.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.True((await admin.PutAsJsonAsync("/api/bypass", new { on = false })).IsSuccessStatusCode);
        Assert.False((await admin.GetFromJsonAsync<JsonElement>("/api/bypass")).GetProperty("on").GetBoolean());
    }

    [Fact]
    public async Task A_revoked_token_stops_working()
    {
        using var session = await fixture.LoggedInAsync();
        var token = await session.CreateTokenAsync("short-lived", "reader");
        using var client = WebSession.WithToken(fixture.BaseAddress, token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/lists")).StatusCode);
        using var admin = fixture.Admin();
        var id = token.Split('_')[1];
        Assert.True((await admin.DeleteAsync("/api/tokens/" + id)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/lists")).StatusCode);
    }

    [Fact]
    public async Task Settings_are_validated_as_at_start_naming_the_key_and_a_saved_change_is_audited_and_awaits_a_restart()
    {
        using var admin = fixture.Admin();
        var bad = await admin.PutAsJsonAsync("/api/settings", new Dictionary<string, string> { ["EdgeBlocker:Sip:Core"] = "http://10.0.0.5" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("EdgeBlocker:Sip:Core", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badChoice = await admin.PutAsJsonAsync("/api/settings", new Dictionary<string, string> { ["EdgeBlocker:Screening:Mode"] = "sometimes" });
        Assert.Equal(HttpStatusCode.BadRequest, badChoice.StatusCode);
        var samePins = await admin.PutAsJsonAsync("/api/settings", new Dictionary<string, string> { ["EdgeBlocker:Indicators:Pins:Sync"] = "17" });
        Assert.Equal(HttpStatusCode.BadRequest, samePins.StatusCode);
        Assert.Contains("EdgeBlocker:Indicators:Pins", await samePins.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await admin.PutAsJsonAsync("/api/settings", new Dictionary<string, string> { ["EdgeBlocker:Storage:RetentionDays"] = "30" });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Contains("EdgeBlocker:Storage:RetentionDays", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var settings = await admin.GetFromJsonAsync<JsonElement>("/api/settings");
        var retention = settings.EnumerateArray().Single(s => s.GetProperty("key").GetString() == "EdgeBlocker:Storage:RetentionDays");
        Assert.Equal("90", retention.GetProperty("running").GetString());
        Assert.Equal("30", retention.GetProperty("saved").GetString());
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("target").GetString() == "web.settings" && e.GetProperty("details").GetString()!.Contains("RetentionDays", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(fixture.Service.DataDirectory, "web-settings.json")));
    }

    [Fact]
    public async Task Traceback_and_call_log_refuse_bad_filters_naming_them()
    {
        using var admin = fixture.Admin();
        var traceback = await admin.GetAsync("/api/traceback?at=yesterday-ish&from=%2B12025550143&to=18005551234");
        Assert.Equal(HttpStatusCode.BadRequest, traceback.StatusCode);
        Assert.Contains("time", await traceback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var calls = await admin.GetAsync("/api/calls?verdict=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, calls.StatusCode);
        Assert.Contains("verdict", await calls.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var empty = await admin.GetFromJsonAsync<JsonElement>("/api/calls?calling=%2B19995550000");
        Assert.Equal(0, empty.GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_API()
    {
        using var reader = fixture.Reader();
        var document = await reader.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/lists", "/api/lists/{name}/entries", "/api/calls", "/api/traceback", "/api/lookup", "/api/settings" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task A_change_through_the_API_with_the_login_cookie_needs_the_antiforgery_token()
    {
        using var session = await fixture.LoggedInAsync();
        using var body = JsonContent.Create(new { value = "+12025550199" });
        var without = await session.Http.PostAsync("/api/lists/cookie-list/entries", body);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/lists/cookie-list/entries") { Content = JsonContent.Create(new { value = "+12025550199" }) };
        request.Headers.Add("RequestVerificationToken", await session.FormTokenAsync("/settings"));
        var with = await session.Http.SendAsync(request);
        Assert.True(with.IsSuccessStatusCode, await with.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_page_form_posted_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var session = await fixture.LoggedInAsync();
        var refused = await session.PostFormAsync("/lists?handler=Create", new Dictionary<string, string> { ["name"] = "forged" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var admin = fixture.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/lists/forged")).StatusCode);

        var accepted = await session.PostFormAsync("/lists?handler=Create", new Dictionary<string, string> { ["name"] = "genuine" }, tokenFrom: "/lists");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/lists/genuine")).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.BaseAddress };
        var login = await anonymous.GetAsync("/login");
        Assert.Equal("DENY", login.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", login.Headers.GetValues("Referrer-Policy").Single());
        var csp = login.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var cookie = login.Headers.GetValues("Set-Cookie").First();
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The snapshot is rebuilt just after a list change: poll the lookup briefly (bounded).</summary>
    private static async Task<JsonElement> PollLookupAsync(HttpClient client, string number, string expected)
    {
        JsonElement verdict = default;
        for (var i = 0; i < 50; i++)
        {
            verdict = await client.GetFromJsonAsync<JsonElement>("/api/lookup?number=" + Uri.EscapeDataString(number));
            if (verdict.GetProperty("verdict").GetString() == expected)
            {
                return verdict;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"lookup {number}: expected {expected}, got {verdict}");
        return verdict;
    }
}
