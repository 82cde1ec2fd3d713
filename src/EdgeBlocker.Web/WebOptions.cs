namespace EdgeBlocker.Web;

/// <summary>The web admin page and API, section <c>EdgeBlocker:Web</c>.</summary>
public sealed class WebOptions
{
    public const string SectionName = "EdgeBlocker:Web";

    /// <summary>
    /// Where the page listens, <c>;</c>-separated <c>http://ADDRESS:PORT</c> URLs. Default <c>http://127.0.0.1:8080</c>;
    /// the appliance's shipped settings use <c>http://0.0.0.0:8080</c> (every interface, so the LAN reaches it).
    /// </summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>How long a login lasts without use (sliding). Default 8 hours.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Wrong passwords allowed from one address per minute; the next attempt is refused unchecked. Default 9.</summary>
    public int MaxFailedLoginsPerMinute { get; init; } = 9;

    /// <summary>Problems with these settings, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var urls = UrlList();
        if (urls.Count == 0)
        {
            problems.Add($"{SectionName}:Urls: give at least one URL such as http://0.0.0.0:8080");
        }

        foreach (var url in urls)
        {
            // Kestrel's wildcard hosts (* and +) are not URI hosts; check the rest of the URL with an address in their place.
            var checkable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.IsDefaultPort && !checkable.Contains(":80", StringComparison.Ordinal))
            {
                problems.Add($"{SectionName}:Urls: '{url}' is not http://ADDRESS:PORT (https: put a TLS reverse proxy in front)");
            }
        }

        if (SessionLifetime < TimeSpan.FromMinutes(1) || SessionLifetime > TimeSpan.FromDays(30))
        {
            problems.Add($"{SectionName}:SessionLifetime: '{SessionLifetime}' must be between 00:01:00 and 30.00:00:00");
        }

        if (MaxFailedLoginsPerMinute is < 1 or > 1000)
        {
            problems.Add($"{SectionName}:MaxFailedLoginsPerMinute: {MaxFailedLoginsPerMinute} must be between 1 and 1000");
        }

        return problems;
    }

    /// <summary>The URLs, trimmed, empty ones left out.</summary>
    public IReadOnlyList<string> UrlList() =>
        [.. Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
