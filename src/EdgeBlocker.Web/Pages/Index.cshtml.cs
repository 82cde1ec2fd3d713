using System.Globalization;
using System.Text.Json;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>The dashboard: counters and charts from the pre-aggregated call statistics, lists, health.</summary>
public sealed class IndexModel : PageModel
{
    private readonly DashboardService _dashboard;

    public IndexModel(DashboardService dashboard) => _dashboard = dashboard;

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

    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h")
        : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min");

    public static string Size(long bytes) =>
        bytes >= 1L << 30 ? (bytes / (double)(1L << 30)).ToString("0.0 'GB'", CultureInfo.InvariantCulture)
        : bytes >= 1L << 20 ? (bytes / (double)(1L << 20)).ToString("0.0 'MB'", CultureInfo.InvariantCulture)
        : (bytes / 1024.0).ToString("0 'kB'", CultureInfo.InvariantCulture);
}
