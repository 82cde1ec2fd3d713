using Microsoft.Playwright;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright: headless, a fresh profile, no network beyond loopback services, and never
/// a browser download (the package's driver only talks to /usr/bin/chromium).
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly string profile;

    private Browser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        this.playwright = playwright;
        Context = context;
        this.profile = profile;
    }

    public IBrowserContext Context { get; }

    public static async Task<Browser> LaunchAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: make deps (tests/tools/install-deps.sh chromium) installs it");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("edgeblocker-chromium-").FullName;
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
                AcceptDownloads = true,
                ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
                Timeout = 60_000,
            });
            // Generous: in `make test` the browser shares two cores with the flood, emulation and package tests.
            context.SetDefaultTimeout(45_000);
            return new Browser(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        playwright.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the browser may still be writing its profile as it exits
        }
    }
}
