namespace EdgeBlocker.Web.Services;

/// <summary>The call log's filters as typed (query string or form): times as ISO 8601 UTC or a duration ago.</summary>
public sealed record CallFilter
{
    public string? Since { get; init; }

    public string? Until { get; init; }

    public string? Calling { get; init; }

    public string? Called { get; init; }

    public string? Peer { get; init; }

    public string? Verdict { get; init; }

    /// <summary>1-based page of <see cref="CallLogService.PageSize"/> records.</summary>
    public int Page { get; init; } = 1;
}
