using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// A Raspberry Pi has no real-time clock: it boots with a stale wall clock that NTP later steps forward by months, and
/// an admin may set it back. The real service runs under libfaketime (<see cref="FakeWallClock"/>) from half a year
/// in the past; the test steps its wall clock 90 days forward, then one day back, while the monotonic clock runs on.
/// After each step calls are screened at once, relayed calls complete, call records are written with the new time and
/// show in the call log and the dashboard, trunk health stays up and its LED keeps blinking, the systemd watchdog keeps
/// being fed, the list-sync schedule syncs once (neither storming nor stalling for the length of the step), retention
/// deletes nothing it should keep, and a login lockout lasts its minute, not a day.
/// </summary>
public sealed class ClockJumpTests
{
    private const string Health = "Simulated GPIO 17 (Health)";
    private const string Trunk = "Simulated GPIO 27 (Trunk)";
    private static readonly TimeSpan Stale = -TimeSpan.FromDays(180);
    private static readonly TimeSpan NoDelay = TimeSpan.FromSeconds(3);
    private const string LockTimeout = "Database lock timeout";

    [Fact]
    public async Task Screening_records_and_schedules_carry_on_when_the_wall_clock_steps_90_days_forward_and_one_back()
    {
        using var clock = new FakeWallClock(Stale);
        using var notify = NotifySocket.Create();
        var corePort = Ports.Next();
        await using var core = await Sipp.StartAsync(new SippOptions
        {
            Scenario = "uas_core.xml",
            LocalAddress = Loopback.Core,
            LocalPort = corePort,
            Calls = 10_000,
            Timeout = TimeSpan.FromMinutes(5),
        });
        await using var feed = new FeedServer("# robocallers\n+13105550177\n");
        var settings = new ServiceSettings
        {
            Core = $"udp:{Loopback.Core}:{corePort}",
            // Two seconds: on a loaded machine a ping answer may take more than one (the box would call the core down).
            HealthInterval = TimeSpan.FromSeconds(2),
            Extra = new Dictionary<string, string>
            {
                ["EdgeBlocker:Sync:CheckInterval"] = "00:00:02",
                // Longer than the step, so that retention has nothing to delete here: it must not find anything.
                ["EdgeBlocker:Storage:RetentionDays"] = "120",
            },
            Environment = new Dictionary<string, string>(clock.Environment)
            {
                ["NOTIFY_SOCKET"] = notify.Path,
                ["WATCHDOG_USEC"] = "2000000",
            },
        };
        var started = Stopwatch.StartNew();
        await using var service = await ServiceProcess.StartAsync(settings);
        Assert.True(await Loopback.WaitListeningAsync(Loopback.Box, settings.WebPort, tcp: true, TimeSpan.FromSeconds(20)), service.Output);
        using var session = new WebSession(service.BaseAddress());
        await session.SetUpPasswordAsync();
        using var api = WebSession.WithToken(service.BaseAddress(), await session.CreateTokenAsync("clock", "admin"));
        var subscribed = await api.PostAsJsonAsync(new Uri("/api/subscriptions", UriKind.Relative), new { name = "feed", url = feed.Url.ToString(), interval = "1h" });
        Assert.True(subscribed.IsSuccessStatusCode, await subscribed.Content.ReadAsStringAsync());
        await EventuallyAsync(() => feed.Requests >= 1, "the new subscription is synced", service);

        // Booted on a stale clock.
        await PhaseAsync(service, api, clock, notify, "+15551230002", "on the stale clock");

        // NTP steps the clock 90 days forward.
        var fetched = feed.Requests;
        clock.Set(Stale + TimeSpan.FromDays(90));
        await PhaseAsync(service, api, clock, notify, "+15551230003", "90 days forward");
        await AssertSyncedOnceAsync(feed, fetched, service, "90 days forward: the subscription is overdue");

        // Ten wrong passwords lock the address out for a minute.
        using var guesser = new WebSession(service.BaseAddress());
        var lockedAt = Stopwatch.StartNew();
        HttpResponseMessage guess = null!;
        for (var i = 1; i <= 10; i++)
        {
            guess = await guesser.LogInAsync("wrong password " + i.ToString(CultureInfo.InvariantCulture));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, guess.StatusCode);

        // Bypass on: the health LED blinks fast, a pattern that starts now, on the clock 90 days forward.
        Assert.True((await api.PutAsJsonAsync(new Uri("/api/bypass", UriKind.Relative), new { on = true })).IsSuccessStatusCode);
        await AssertBlinkingAsync(service, Health, "bypass on");

        // An admin sets the clock back a day: before the pattern started, on the wall clock.
        fetched = feed.Requests;
        clock.Set(Stale + TimeSpan.FromDays(89));
        await AssertBlinkingAsync(service, Health, "bypass on, one day back");
        Assert.True((await api.PutAsJsonAsync(new Uri("/api/bypass", UriKind.Relative), new { on = false })).IsSuccessStatusCode);
        await PhaseAsync(service, api, clock, notify, "+15551230004", "one day back");
        await AssertSyncedOnceAsync(feed, fetched, service, "one day back: the last sync is in the future");
        var stillLocked = await guesser.LogInAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        var retryAfter = stillLocked.Headers.RetryAfter?.Delta ?? TimeSpan.MaxValue;
        Assert.True(retryAfter <= TimeSpan.FromMinutes(1), $"after the clock went back a day the lockout says retry after {retryAfter}");

        // Retention, a minute after the start, finds nothing older than 120 days on the stepped clock: every call stays.
        await EventuallyAsync(() => service.Printed.Contains("Call record retention:", StringComparison.Ordinal), "retention ran", service, TimeSpan.FromSeconds(Math.Max(5, 90 - started.Elapsed.TotalSeconds)));
        Assert.Matches(new Regex("Call record retention: 0 deleted by age, 0 by count"), service.Printed);
        foreach (var caller in new[] { "+15551230002", "+15551230003", "+15551230004" })
        {
            var records = await CallsFromAsync(api, caller, service);
            Assert.True(records.Count == 1, $"the call from {caller} is no longer in the call log: {records.Count} records\n{service.Output}");
        }

        // The lockout ends after its minute.
        var wait = TimeSpan.FromSeconds(62) - lockedAt.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await guesser.LogInAsync()).StatusCode);
        Assert.False(Regex.IsMatch(service.Printed, @"core \(udp:[^)]*\) is down"), "trunk health lost the core\n" + service.Output);
        await service.AssertAliveAsync("the clock stepping forward and back");
    }

    /// <summary>
    /// Calls on the clock as it is now: blocked callers hear 603 at once, a clean caller's call is relayed to the core
    /// and completes; their records carry the clock's time and show in the call log and the dashboard's last 24 hours;
    /// the trunk LED keeps blinking, the watchdog keeps being fed, the uptime stays the real one.
    /// </summary>
    private static async Task PhaseAsync(ServiceProcess service, HttpClient api, FakeWallClock clock, NotifySocket notify, string clean, string when)
    {
        var written = (await HealthAsync(api, service)).GetProperty("recordsWritten").GetInt64();
        var blocked = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await using var client = SipClient.Udp(service.SipEndPoint);
            var call = new TestCall(client, ServiceSettings.BlockedNumber);
            var answered = Stopwatch.StartNew();
            var final = await call.InviteAsync(TimeSpan.FromSeconds(8));
            answered.Stop();
            await client.SendAsync(call.Ack(final));
            Assert.True(final.StatusCode == 603, $"{when}: the blocked caller got {final.StatusCode}\n{service.Output}");
            Assert.True(answered.Elapsed < NoDelay, $"{when}: the 603 took {answered.Elapsed.TotalSeconds:0.0} s");
            blocked.Add(call.CallId);
        }

        var relayed = await Sipp.RunAsync(new SippOptions
        {
            Scenario = "uac_call.xml",
            LocalAddress = Loopback.Peer,
            Remote = service.SipEndPoint,
            Keys = new Dictionary<string, string> { ["caller"] = clean },
        });
        Assert.True(relayed.Succeeded(1), $"{when}: the clean call failed\ncaller:\n{relayed}\n\nbox:\n{service.Output}");

        await EventuallyAsync(async () => (await HealthAsync(api, service)).GetProperty("recordsWritten").GetInt64() >= written + 4, $"{when}: the calls are recorded", service);
        var expected = clock.Now;
        var records = await CallsFromAsync(api, ServiceSettings.BlockedNumber, service);
        foreach (var id in blocked)
        {
            var record = records.SingleOrDefault(r => r.GetProperty("callId").GetString() == id);
            Assert.True(record.ValueKind == JsonValueKind.Object, $"{when}: blocked call {id} is not in the call log\n{service.Output}");
            AssertAround(expected, record.GetProperty("time").GetDateTimeOffset(), $"{when}: blocked call {id}");
        }

        var mine = Assert.Single(await CallsFromAsync(api, clean, service));
        AssertAround(expected, mine.GetProperty("time").GetDateTimeOffset(), $"{when}: the relayed call");
        Assert.Equal("allow", mine.GetProperty("verdict").GetString());

        var dashboard = await GetJsonAsync(api, "/api/dashboard", service);
        var minutes = dashboard.GetProperty("perMinute").EnumerateArray().ToList();
        Assert.True(minutes.Sum(m => m.GetProperty("screened").GetInt64()) == 4 && minutes.Sum(m => m.GetProperty("blocked").GetInt64()) == 3, $"{when}: the dashboard's last 24 hours: {dashboard.GetProperty("perMinute")}");
        Assert.All(minutes, m => AssertAround(expected, m.GetProperty("start").GetDateTimeOffset(), $"{when}: a dashboard minute"));
        var health = dashboard.GetProperty("health");
        var uptime = health.GetProperty("uptime").GetString();
        Assert.True(TimeSpan.TryParse(uptime, CultureInfo.InvariantCulture, out var up) && up > TimeSpan.Zero && up < TimeSpan.FromHours(1), $"{when}: uptime {uptime}");
        AssertAround(expected, health.GetProperty("startedAt").GetDateTimeOffset(), $"{when}: up since");

        // The trunk LED blinks slowly (core up, the peer's address unanswered): it keeps turning off and on.
        await AssertBlinkingAsync(service, Trunk, when);
        await AssertWatchdogFedAsync(notify, when);
    }

    /// <summary>The simulated LED keeps going dark and lit again (a blinking LED stuck lit would not).</summary>
    private static async Task AssertBlinkingAsync(ServiceProcess service, string led, string when)
    {
        var offs = Count(service, led + " off");
        await EventuallyAsync(() => Count(service, led + " off") >= offs + 2, $"{when}: {led} keeps blinking", service);
    }

    private static async Task AssertSyncedOnceAsync(FeedServer feed, int before, ServiceProcess service, string why)
    {
        await EventuallyAsync(() => feed.Requests > before, why, service);
        await Task.Delay(TimeSpan.FromSeconds(5)); // a couple of schedule checks
        Assert.True(feed.Requests <= before + 2, $"{why}: {feed.Requests - before} fetches");
    }

    private static async Task AssertWatchdogFedAsync(NotifySocket notify, string when)
    {
        while (await notify.ReceiveAsync(TimeSpan.FromMilliseconds(50)) is not null)
        {
            // what was sent before now
        }

        var seen = new List<string>();
        Assert.True(await notify.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(5), seen), $"{when}: no WATCHDOG=1 within 5 s: [{string.Join(" | ", seen)}]");
    }

    private static void AssertAround(DateTimeOffset expected, DateTimeOffset actual, string what) =>
        Assert.True((actual - expected).Duration() < TimeSpan.FromMinutes(5), $"{what}: time {actual:O}, the service's clock says about {expected:O}");

    /// <summary>Whether the service logs <paramref name="line"/> more than <paramref name="before"/> times within 2 s (its log reaches us a little after its answer).</summary>
    private static async Task<bool> LoggedSinceAsync(ServiceProcess service, string line, int before)
    {
        for (var i = 0; i < 20; i++)
        {
            if (Count(service, line) > before)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static int Count(ServiceProcess service, string line) => Regex.Count(service.Printed, Regex.Escape(line));

    private static Task<JsonElement> HealthAsync(HttpClient api, ServiceProcess service) => GetJsonAsync(api, "/api/health", service);

    private static async Task<List<JsonElement>> CallsFromAsync(HttpClient api, string caller, ServiceProcess service)
    {
        var page = await GetJsonAsync(api, "/api/calls?calling=" + Uri.EscapeDataString(caller), service);
        return page.GetProperty("records").EnumerateArray().ToList();
    }

    /// <summary>
    /// The JSON an API path answers; any other answer fails the test with the answer and the service's log. One kind of
    /// failure is asked again, up to twice: LiteDB's lock timeout. Under libfaketime (0.9.10, with the monotonic clock
    /// left alone) a timed wait on a condition variable returns at once, whatever the offset: in a probe, a 500 ms
    /// event wait came back after 0 ms and a contended ReaderWriterLockSlim "timed out" at once. So a web read that
    /// meets the record writer's checkpoint failed within seconds of start with LiteDB's 60 s timeout. Turning
    /// libfaketime's monotonic fix off instead made some waits never end (requests hung for 30 s).
    /// </summary>
    private static async Task<JsonElement> GetJsonAsync(HttpClient api, string path, ServiceProcess service)
    {
        for (var attempt = 1; ; attempt++)
        {
            var timeouts = Count(service, LockTimeout);
            using var response = await api.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode && attempt < 3 && await LoggedSinceAsync(service, LockTimeout, timeouts))
            {
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}\n{service.Output}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>The condition's answer; a request of it that could not be made (the service gone, say) fails the test with the service's log.</summary>
    private static async Task<bool> Checked(Func<Task<bool>> condition, string what, ServiceProcess service)
    {
        try
        {
            return await condition();
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"{what}: {e.Message}\n{service.Output}");
            throw;
        }
    }

    private static Task EventuallyAsync(Func<bool> condition, string what, ServiceProcess service, TimeSpan? timeout = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, service, timeout);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, ServiceProcess service, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        while (!await Checked(condition, what, service))
        {
            Assert.True(deadline.Elapsed < limit, $"never happened within {limit.TotalSeconds:0} s: {what}\n{service.Output}");
            await Task.Delay(200);
        }
    }
}
