using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 serving test feeds: each path is answered by a handler the test sets,
/// and every request is recorded with its conditional headers and the status sent.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeedServer(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, RequestDelegate> Routes { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<FeedRequest> Requests { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FeedServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public IReadOnlyList<FeedRequest> RequestsFor(string path) => Requests.Where(r => r.Path == "/" + path.TrimStart('/')).ToList();

    /// <summary>A feed with a strong ETag and Last-Modified, answering 304 to a matching If-None-Match.</summary>
    public static RequestDelegate Text(string body, string contentType = "text/plain") => Bytes(Encoding.UTF8.GetBytes(body), contentType);

    public static RequestDelegate Bytes(byte[] body, string contentType = "application/octet-stream")
    {
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";
        return async context =>
        {
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            context.Response.ContentType = contentType;
            context.Response.Headers.ETag = etag;
            context.Response.Headers.LastModified = "Sat, 28 Nov 2026 10:00:00 GMT";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        };
    }

    public static RequestDelegate Status(int status, string body = "") => async context =>
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    /// <summary>Announces the whole length, sends half of it, then drops the connection.</summary>
    public static RequestDelegate Truncated(string body) => async context =>
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(300, context.RequestAborted); // let the client read the headers before the connection drops
        context.Abort();
    };

    /// <summary>Sends the given text as a chunked body (no Content-Length), so the limit is found while reading.</summary>
    public static RequestDelegate Chunked(string body) => async context =>
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    /// <summary>Accepts the request and never answers.</summary>
    public static RequestDelegate Hang() => async context => await Task.Delay(Timeout.Infinite, context.RequestAborted);

    /// <summary>Sends the headers and the first bytes of a body, then nothing more.</summary>
    public static RequestDelegate Stall(string start) => async context =>
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(start, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(Timeout.Infinite, context.RequestAborted);
    };

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (Routes.TryGetValue(path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up (a hanging or stalled feed): nothing to send.
        }
        finally
        {
            Requests.Enqueue(new FeedRequest(path, context.Request.Headers.IfNoneMatch.ToString(), context.Request.Headers.IfModifiedSince.ToString(), context.Response.StatusCode));
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>One request the feed server answered.</summary>
public sealed record FeedRequest(string Path, string IfNoneMatch, string IfModifiedSince, int Status);
