namespace EdgeBlocker.Sync.Fetching;

/// <summary>A fetched feed: the body in a temporary file (deleted when this is disposed), its size, hash and validators.</summary>
public sealed class FeedDownload : IDisposable
{
    private FeedDownload(FeedDownloadStatus status, string? error, FileStream? body, long bytes, byte[] sha256, string? etag, string? lastModified)
    {
        Status = status;
        Error = error;
        Body = body;
        Bytes = bytes;
        Sha256 = sha256;
        ETag = etag;
        LastModified = lastModified;
    }

    public FeedDownloadStatus Status { get; }

    /// <summary>Why the feed was rejected or not received.</summary>
    public string? Error { get; }

    /// <summary>The body, positioned at its start (Downloaded only).</summary>
    public FileStream? Body { get; }

    public long Bytes { get; }

    public byte[] Sha256 { get; }

    public string? ETag { get; }

    public string? LastModified { get; }

    /// <summary>The body's SHA-256 in lower-case hex, to recognise an unchanged feed served without validators.</summary>
    public string ContentHash => Convert.ToHexStringLower(Sha256);

    public static FeedDownload Downloaded(FileStream body, long bytes, byte[] sha256, string? etag, string? lastModified) =>
        new(FeedDownloadStatus.Downloaded, null, body, bytes, sha256, etag, lastModified);

    public static FeedDownload NotModified() => new(FeedDownloadStatus.NotModified, null, null, 0, [], null, null);

    public static FeedDownload Rejected(string error, long bytes) => new(FeedDownloadStatus.Rejected, error, null, bytes, [], null, null);

    public static FeedDownload Failed(string error, long bytes = 0) => new(FeedDownloadStatus.Failed, error, null, bytes, [], null, null);

    public void Dispose() => Body?.Dispose();
}
