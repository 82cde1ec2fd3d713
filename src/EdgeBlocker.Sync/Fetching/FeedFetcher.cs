using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using EdgeBlocker.Storage.Subscriptions;
using Polly.Timeout;

namespace EdgeBlocker.Sync.Fetching;

/// <summary>
/// Fetches a feed into a temporary file: a conditional GET (If-None-Match / If-Modified-Since from the version applied
/// last, so an unchanged feed costs one request and a 304), the body streamed to disk under the byte limit with its
/// SHA-256 computed on the way, then the detached signature checked when the subscription has a key. Every way this
/// can go wrong is a <see cref="FeedDownload"/> saying why; nothing is thrown for the network's or the server's faults.
/// </summary>
public sealed class FeedFetcher
{
    private const int CopyBuffer = 64 * 1024;

    private readonly HttpClient _http;
    private readonly SyncOptions _options;
    private readonly TimeProvider _time;

    public FeedFetcher(HttpClient http, SyncOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    public async Task<FeedDownload> FetchAsync(Subscription subscription, SubscriptionState state, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(state);
        using var deadline = new CancellationTokenSource(_options.DownloadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await FetchCoreAsync(subscription, state, directory, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FeedDownload.Failed($"timed out: the feed did not arrive within {_options.DownloadTimeout} (EdgeBlocker:Sync:DownloadTimeout)");
        }
    }

    private async Task<FeedDownload> FetchCoreAsync(Subscription subscription, SubscriptionState state, string directory, CancellationToken token)
    {
        var maxBytes = subscription.MaxBytes > 0 ? subscription.MaxBytes : _options.MaxBytes;
        using var request = new HttpRequestMessage(HttpMethod.Get, subscription.Url);
        if (state.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (state.LastModified is { } lastModified)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        var (message, failure) = await SendAsync(request, request.RequestUri!, token);
        if (failure is not null)
        {
            return failure;
        }

        using var http = message!;
        if (http.StatusCode == HttpStatusCode.NotModified)
        {
            return FeedDownload.NotModified();
        }

        if (!http.IsSuccessStatusCode)
        {
            return FeedDownload.Failed($"HTTP {(int)http.StatusCode} {http.ReasonPhrase}");
        }

        if (http.Content.Headers.ContentType?.MediaType is "text/html" or "application/xhtml+xml")
        {
            return FeedDownload.Rejected($"the server sent an HTML page ({http.Content.Headers.ContentType.MediaType}), not a feed", 0);
        }

        if (http.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            return FeedDownload.Rejected($"the feed is {length} bytes, over the limit of {maxBytes}", 0);
        }

        var (file, bytes, sha256, problem) = await DownloadAsync(http.Content, maxBytes, directory, subscription.Name, token);
        if (problem is not null)
        {
            return problem;
        }

        if (subscription.PublicKeyPem is { } pem && await CheckSignatureAsync(subscription.Url, pem, sha256, token) is { } bad)
        {
            await DiscardAsync(file);
            return FeedDownload.Rejected(bad, bytes);
        }

        return FeedDownload.Downloaded(file!, bytes, sha256, Header(http.Headers.ETag), Header(http.Content.Headers.LastModified));
    }

    /// <summary>Streams the body to a temporary file (deleted when closed) under the byte limit, hashing it on the way.</summary>
    private async Task<(FileStream? File, long Bytes, byte[] Sha256, FeedDownload? Failure)> DownloadAsync(HttpContent content, long maxBytes, string directory, string name, CancellationToken token)
    {
        FileStream? file = null;
        long total = 0;
        try
        {
            Directory.CreateDirectory(directory);
            // Unbuffered (bufferSize 0): every chunk is written as it comes, so a full disk fails the write, not a later flush.
            file = new FileStream(Path.Combine(directory, name + ".part"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 0, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var body = await content.ReadAsStreamAsync(token);
            var buffer = new byte[CopyBuffer];
            while (true)
            {
                var read = await ReadWithStallLimitAsync(body, buffer, token);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > maxBytes)
                {
                    await DiscardAsync(file);
                    return (null, total, [], FeedDownload.Rejected($"the feed is over the limit of {maxBytes} bytes", total));
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), token);
            }

            await file.FlushAsync(token);
            file.Position = 0;
            return (file, total, hash.GetHashAndReset(), null);
        }
        catch (Exception e) when (e is HttpRequestException or HttpIOException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await DiscardAsync(file);

            // A body that ends before its Content-Length or its last chunk is a truncated feed, never a short list.
            var what = e is TimeoutException ? e.Message : $"the download broke off after {total} bytes: {e.Message}";
            return (null, total, [], FeedDownload.Failed(what, total));
        }
    }

    /// <summary>Closes (and so deletes) a download being abandoned; a disk too full even for that changes nothing.</summary>
    private static async Task DiscardAsync(FileStream? file)
    {
        try
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
        catch (IOException)
        {
            // The file is deleted on close whatever the flush did.
        }
    }

    /// <summary>One read, abandoned when the server sends nothing for <see cref="SyncOptions.StallTimeout"/>.</summary>
    private async Task<int> ReadWithStallLimitAsync(Stream body, byte[] buffer, CancellationToken token)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(token);
        stall.CancelAfter(_options.StallTimeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out: the server sent nothing for {_options.StallTimeout} (EdgeBlocker:Sync:StallTimeout)");
        }
    }

    /// <summary>Fetches URL + <c>.sig</c> and verifies it; null when it signs the body, else why not.</summary>
    private async Task<string?> CheckSignatureAsync(Uri url, string pem, byte[] sha256, CancellationToken token)
    {
        using var key = FeedSignature.LoadKey(pem, out var keyError);
        if (key is null)
        {
            return keyError;
        }

        var signatureUrl = new Uri(url.AbsoluteUri + ".sig");
        using var request = new HttpRequestMessage(HttpMethod.Get, signatureUrl);
        var (message, failure) = await SendAsync(request, signatureUrl, token);
        if (failure is not null)
        {
            return "signature not fetched: " + failure.Error;
        }

        using var http = message!;
        if (!http.IsSuccessStatusCode)
        {
            return $"signature not fetched: {signatureUrl} answered HTTP {(int)http.StatusCode} {http.ReasonPhrase}";
        }

        byte[] signature;
        try
        {
            signature = await http.Content.ReadAsByteArrayAsync(token);
        }
        catch (Exception e) when (e is HttpRequestException or HttpIOException or IOException)
        {
            return "signature not fetched: " + e.Message;
        }

        if (signature.Length > FeedSignature.MaxSignatureBytes)
        {
            return $"the signature file is {signature.Length} bytes: not a signature";
        }

        return FeedSignature.Verify(key, sha256, signature) ? null : "the signature does not match the feed (wrong key, or the feed was altered)";
    }

    private static string? Header(EntityTagHeaderValue? etag) => etag?.ToString();

    private static string? Header(DateTimeOffset? time) => time?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(HttpResponseMessage? Message, FeedDownload? Failure)> SendAsync(HttpRequestMessage request, Uri url, CancellationToken token)
    {
        try
        {
            return (await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token), null);
        }
        catch (HttpRequestException e)
        {
            var detail = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            return (null, FeedDownload.Failed($"cannot fetch {url}: {detail}"));
        }
        catch (TimeoutRejectedException)
        {
            return (null, FeedDownload.Failed($"timed out: {url} sent no response within {_options.RequestTimeout} (EdgeBlocker:Sync:RequestTimeout), {_options.Retries + 1} attempts"));
        }
    }
}
