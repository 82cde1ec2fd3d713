using System.Globalization;
using System.Net;
using EdgeBlocker.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// The admin's day in Chromium against the real service: set the password, log in, block a number, see a blocked sipp
/// call in the call log and on the dashboard, answer a traceback and download its CSV, subscribe to a feed on loopback and sync it. Screenshots of every page land
/// in artifacts/test-results/screenshots.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private const string Caller = "2025550166";
    private const string CallerE164 = "+12025550166";
    private ServiceProcess service = null!;
    private Browser browser = null!;
    private readonly List<string> consoleErrors = [];

    public async Task InitializeAsync()
    {
        service = await WebService.StartAsync();
        browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await service.DisposeAsync();
    }

    private string Url(string path) => new Uri(service.BaseAddress(), path).ToString();

    [Fact]
    public async Task An_admin_sets_the_password_blocks_a_number_sees_the_blocked_call_and_downloads_its_traceback()
    {
        var page = await browser.Context.NewPageAsync();
        // A CSP violation or a script error shows up in the console: the page must have none.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync(Url("/"));
        Assert.EndsWith("/setup", page.Url, StringComparison.Ordinal);
        await Shot(page, "01-first-run");
        await page.FillAsync("input[name=password]", WebSession.Password);
        await page.FillAsync("input[name=confirmation]", WebSession.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(Url("/"));

        await page.ClickAsync("text=Log out");
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));
        await page.FillAsync("input[name=password]", "not the password");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Wrong password", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        consoleErrors.RemoveAll(e => e.Contains("401", StringComparison.Ordinal)); // the wrong password's own answer
        await Shot(page, "02-login");
        await page.FillAsync("input[name=password]", WebSession.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(Url("/"));

        await page.GotoAsync(Url("/lists"));
        await page.FillAsync("form:has(h2:text('New manual list')) input[name=name]", "complaints");
        await page.FillAsync("form:has(h2:text('New manual list')) input[name=description]", "numbers our customers reported");
        await page.ClickAsync("form:has(h2:text('New manual list')) button");
        await page.WaitForURLAsync(Url("/lists/complaints"));
        await page.FillAsync("#add-entry input[name=value]", "+1 (202) 555-0166");
        await page.FillAsync("#add-entry input[name=reason]", "customer complaint 1234");
        await page.FillAsync("#add-entry input[name=expires]", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.ClickAsync("#add-entry button");
        Assert.Contains(CallerE164, await page.InnerTextAsync("#entries"), StringComparison.Ordinal);
        await Shot(page, "03-list");

        await Eventually(page, Url("/lookup?number=" + Uri.EscapeDataString("(202) 555-0166")), async () => await page.Locator("#verdict.block").CountAsync() == 1, "the lookup says block");
        Assert.Contains("complaints", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        await Shot(page, "04-lookup");

        // A real call from the trunk peer: uac_blocked.xml passes only on 603 with the redress Reason header.
        var call = await Sipp.RunAsync(new SippOptions
        {
            Scenario = "uac_blocked.xml",
            LocalAddress = Loopback.Peer,
            Remote = service.SipEndPoint,
            Keys = new Dictionary<string, string> { ["caller"] = Caller },
        });
        Assert.True(call.Succeeded(1), $"sipp:\n{call}\n\nbox:\n{service.Output}");

        await Eventually(page, Url("/calls?calling=" + Uri.EscapeDataString(CallerE164)), async () => (await page.InnerTextAsync("#call-table")).Contains("block", StringComparison.Ordinal), "the blocked call is in the call log");
        var row = await page.InnerTextAsync("#call-table tbody tr");
        Assert.Contains(CallerE164, row, StringComparison.Ordinal);
        Assert.Contains("603", row, StringComparison.Ordinal);
        Assert.Contains("carrier-a", row, StringComparison.Ordinal);
        await Shot(page, "05-call-log");

        await Eventually(page, Url("/"), async () => await page.InnerTextAsync("#blocked-24h") != "0" && (await page.InnerTextAsync("main")).Contains(CallerE164, StringComparison.Ordinal), "the dashboard counts the blocked call and names its caller");
        Assert.Equal("1", await page.InnerTextAsync("#blocked-24h"));
        Assert.Contains(CallerE164, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.WaitForSelectorAsync("#chart-minute canvas");
        await page.WaitForSelectorAsync("#chart-day canvas");
        Assert.Equal(4, await page.Locator("#indicators .led").CountAsync());
        await Shot(page, "06-dashboard");
        await page.ClickAsync("#bypass-form button");
        Assert.Equal("on", await page.InnerTextAsync("#bypass-state"));
        Assert.Contains("Bypass is on: every call passes unscreened", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Shot(page, "06b-dashboard-bypass");
        await page.ClickAsync("#bypass-form button");
        Assert.Equal("off", await page.InnerTextAsync("#bypass-state"));

        await page.GotoAsync(Url("/traceback"));
        await page.FillAsync("#traceback-form input[name=at]", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        await page.FillAsync("#traceback-form input[name=from]", "(202) 555-0166");
        await page.FillAsync("#traceback-form input[name=to]", ServiceSettings.CalledNumber);
        await page.ClickAsync("#traceback-form button");
        Assert.Contains("1 matching record", await page.InnerTextAsync("#traceback-count"), StringComparison.Ordinal);
        await Shot(page, "07-traceback");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#traceback-csv"));
        var csvPath = Path.Combine(Artifacts.Screenshots, "traceback.csv");
        await download.SaveAsAsync(csvPath);
        var csv = await File.ReadAllLinesAsync(csvPath);
        Assert.StartsWith("time,calling_received,calling,", csv[0], StringComparison.Ordinal);
        Assert.Equal(2, csv.Length);
        Assert.Contains($",{CallerE164},", csv[1], StringComparison.Ordinal);
        Assert.Contains(",block,603,carrier-a,127.0.0.2:", csv[1], StringComparison.Ordinal);

        await page.GotoAsync(Url("/settings"));
        await page.SelectOptionAsync("select[name=EdgeBlocker__Screening__Mode]", "monitor");
        await page.FillAsync("input[name=EdgeBlocker__Sip__Core]", "http://10.0.0.5");
        await page.ClickAsync("#settings-form button[type=submit]");
        Assert.Contains("EdgeBlocker:Sip:Core", await page.InnerTextAsync("#settings-problems"), StringComparison.Ordinal);
        await page.FillAsync("input[name=EdgeBlocker__Sip__Core]", "udp:127.0.0.3:5080");
        await page.ClickAsync("#settings-form button[type=submit]");
        Assert.Contains("EdgeBlocker:Screening:Mode", await page.InnerTextAsync("#restart-needed"), StringComparison.Ordinal);
        await Shot(page, "08-settings");

        await page.GotoAsync(Url("/audit"));
        var audit = await page.InnerTextAsync("#audit");
        Assert.Contains("web.settings", audit, StringComparison.Ordinal);
        Assert.Contains("list.create", audit, StringComparison.Ordinal);
        Assert.Contains("password.set", audit, StringComparison.Ordinal);
        Assert.Contains("bypass", audit, StringComparison.Ordinal);
        await Shot(page, "09-audit");

        // A feed served on loopback: subscribe on the page, sync now, and its numbers are screened.
        await using var feed = new FeedServer("# robocallers\n+13105550177\n(310) 555-0179\n");
        await page.GotoAsync(Url("/subscriptions"));
        await page.FillAsync("#subscribe-form input[name=name]", "robocall-feed");
        await page.FillAsync("#subscribe-form input[name=url]", feed.Url.ToString());
        await page.FillAsync("#subscribe-form input[name=interval]", "1h");
        await page.ClickAsync("#subscribe-form button");
        Assert.Contains("subscription robocall-feed saved", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.ClickAsync("tr[data-subscription=robocall-feed] button:text('Sync now')");
        // The schedule syncs a new subscription at once: "Sync now" either applies the feed or finds it applied already.
        var synced = await page.InnerTextAsync("main");
        Assert.True(synced.Contains("robocall-feed: applied, 2 entries", StringComparison.Ordinal) || synced.Contains("robocall-feed: unchanged", StringComparison.Ordinal), synced);
        Assert.True(feed.Requests >= 1);
        Assert.Contains("fresh", await page.InnerTextAsync("tr[data-subscription=robocall-feed]"), StringComparison.Ordinal);
        await Shot(page, "10-subscriptions");
        await Eventually(page, Url("/lookup?number=" + Uri.EscapeDataString("310-555-0179")), async () => await page.Locator("#verdict.block").CountAsync() == 1, "the feed's number is blocked");
        Assert.Contains("robocall-feed", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);

        await page.GotoAsync(Url("/lists"));
        await Shot(page, "11-lists");
        Assert.True(consoleErrors.Count == 0, "browser console errors:\n" + string.Join('\n', consoleErrors));
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts.Screenshots, name + ".png"), FullPage = true });

    /// <summary>Reloads a page until a condition holds (call records are written in batches), about 30 s at most.</summary>
    private static async Task Eventually(IPage page, string url, Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 60; i++)
        {
            var response = await page.GotoAsync(url);
            Assert.Equal((int)HttpStatusCode.OK, response?.Status);
            if (await condition())
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"never true: {what} ({url}):\n{await page.InnerTextAsync("main")}");
    }
}
