using System.Net;
using System.Text;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>A blocklist feed served on loopback (plain text at /feed.txt), for the subscription tests. Counts its requests.</summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;
    private readonly string body;
    private int requests;

    public FeedServer(string body)
    {
        this.body = body;
        var port = Ports.Next();
        Url = new Uri($"http://{Loopback.Box}:{port}/feed.txt");
        listener.Prefixes.Add($"http://{Loopback.Box}:{port}/");
        listener.Start();
        serving = ServeAsync();
    }

    public Uri Url { get; }

    public int Requests => Volatile.Read(ref requests);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = context.Request.Url?.AbsolutePath == "/feed.txt" ? 200 : 404;
            context.Response.ContentType = "text/plain";
            if (context.Response.StatusCode == 200)
            {
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
