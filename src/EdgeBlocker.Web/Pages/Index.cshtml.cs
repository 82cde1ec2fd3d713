using System.Globalization;
using System.Text.Json;
using EdgeBlocker.Web.Hosting;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>The dashboard: counters and charts from the pre-aggregated call statistics, lists, health.</summary>
public sealed class IndexModel : PageModel
{
    private readonly DashboardService _dashboard;
    private readonly IBypassControl _bypass;

    public IndexModel(DashboardService dashboard, IBypassControl bypass)
    {
        _dashboard = dashboard;
        _bypass = bypass;
    }

    public string? Error { get; private set; }

    public DashboardView View { get; private set; } = null!;

    /// <summary>The chart series for site.js: unix seconds, screened, blocked.</summary>
    public string ChartJson { get; private set; } = "{}";

    public void OnGet()
    {
        View = _dashboard.Build();
        var now = View.Now.ToUnixTimeSeconds();
        ChartJson = JsonSerializer.Serialize(new
        {
            now,
            minute = View.PerMinute.Select(b => new[] { b.Start.ToUnixTimeSeconds(), b.Screened, b.Blocked }),
            day = View.PerDay.Select(b => new[] { b.Start.ToUnixTimeSeconds(), b.Screened, b.Blocked }),
        });
    }

    /// <summary>The bypass switch (button, CLI and page alike): audited, kept across restarts.</summary>
    public IActionResult OnPostBypass(bool on)
    {
        Error = _bypass.Switch(on, RequestActor.Of(HttpContext));
        if (Error is null)
        {
            return Redirect("/");
        }

        OnGet();
        return Page();
    }

    /// <summary>CSS classes of an LED's lamp: colour, lit, blinking.</summary>
    public static string LampClass(LedInfo led)
    {
        var colour = led.Name.ToUpperInvariant() switch { "BLOCKED" => "red", "SYNC" => "yellow", _ => "green" };
        var pattern = led.Pattern;
        var blink = pattern.Contains("blink", StringComparison.Ordinal) ? (pattern.StartsWith("fast", StringComparison.Ordinal) ? " on blink fast" : " on blink") : string.Empty;
        return $"lamp {colour}{(pattern is "on" or "flash" or "lamp-test" || led.On && blink.Length == 0 ? " on" : string.Empty)}{blink}";
    }

    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h")
        : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min");

    public static string Size(long bytes) =>
        bytes >= 1L << 30 ? (bytes / (double)(1L << 30)).ToString("0.0 'GB'", CultureInfo.InvariantCulture)
        : bytes >= 1L << 20 ? (bytes / (double)(1L << 20)).ToString("0.0 'MB'", CultureInfo.InvariantCulture)
        : (bytes / 1024.0).ToString("0 'kB'", CultureInfo.InvariantCulture);
}
