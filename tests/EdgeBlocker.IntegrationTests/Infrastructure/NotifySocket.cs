using System.Net.Sockets;
using System.Text;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// A Unix datagram socket standing in for systemd's notify socket: give its <see cref="Path"/> to the host as
/// NOTIFY_SOCKET and read what it tells the service manager (sd_notify(3): READY=1, WATCHDOG=1, STOPPING=1 ...).
/// </summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket socket;
    private readonly string directory;

    private NotifySocket(string directory)
    {
        this.directory = directory;
        Path = System.IO.Path.Combine(directory, "notify");
        socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    public string Path { get; }

    public static NotifySocket Create() => new(Directory.CreateTempSubdirectory("edgeblocker-notify-").FullName);

    /// <summary>The next notification (one datagram), or null when none comes within <paramref name="timeout"/>.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads notifications until one has the line <paramref name="line"/> (true), or the time is up (false);
    /// every notification read is added to <paramref name="seen"/>.</summary>
    public async Task<bool> WaitForAsync(string line, TimeSpan timeout, List<string> seen)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var next = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (next is null)
            {
                return false;
            }
            seen.Add(next);
            if (next.Split('\n').Contains(line))
            {
                return true;
            }
        }
        return false;
    }

    public void Dispose()
    {
        socket.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
