using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace EdgeBlocker.Sync.Fetching;

/// <summary>
/// The HTTP client feeds are fetched with: each attempt bounded by <see cref="SyncOptions.RequestTimeout"/> (until the
/// headers), transient failures (connection errors, timeouts, 408, 429, 5xx) retried <see cref="SyncOptions.Retries"/>
/// times with exponential back-off; compressed bodies accepted. The same client in the service and the CLI.
/// </summary>
public static class FeedHttpClient
{
    public static HttpClient Create(SyncOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.Retries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.RequestTimeout });
#pragma warning disable CA2000 // the client owns its handler chain and disposes it
        var sockets = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
        };
        var handler = new ResilienceHandler(builder.Build()) { InnerHandler = sockets };
#pragma warning restore CA2000
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("EdgeBlocker/" + (typeof(FeedHttpClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return client;
    }
}
