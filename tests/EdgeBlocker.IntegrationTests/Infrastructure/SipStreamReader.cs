using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// Splits a SIP byte stream (TCP) into messages: header section up to the empty line, then Content-Length bytes
/// (RFC 3261 §18.3). Keep-alive CRLFs between messages are skipped.
/// </summary>
public sealed partial class SipStreamReader(Socket socket)
{
    private readonly byte[] chunk = new byte[65536];
    private byte[] buffer = new byte[65536];
    private int length;

    /// <summary>True once the peer closed the connection (or it failed).</summary>
    public bool Closed { get; private set; }

    /// <summary>The next message, or null when the timeout passes or the connection closes first.</summary>
    public async Task<WireMessage?> ReadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (TryTake(out var message))
            {
                return message;
            }
            if (Closed)
            {
                return null;
            }
            int read;
            try
            {
                read = await socket.ReceiveAsync(chunk, SocketFlags.None, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketException)
            {
                Closed = true;
                return null;
            }
            catch (ObjectDisposedException)
            {
                Closed = true;
                return null;
            }
            if (read == 0)
            {
                Closed = true;
                continue;
            }
            if (length + read > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + read));
            }
            Array.Copy(chunk, 0, buffer, length, read);
            length += read;
        }
    }

    private bool TryTake(out WireMessage? message)
    {
        message = null;
        var start = 0;
        while (start + 1 < length && buffer[start] == '\r' && buffer[start + 1] == '\n')
        {
            start += 2;
        }
        var text = Encoding.Latin1.GetString(buffer, start, length - start);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            Compact(start);
            return false;
        }
        var head = text[..end];
        var match = ContentLength().Match(head);
        var bodyLength = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var total = end + 4 + bodyLength;
        if (text.Length < total)
        {
            Compact(start);
            return false;
        }
        message = WireMessage.Parse(text[..total]);
        Compact(start + total);
        return true;
    }

    private void Compact(int consumed)
    {
        if (consumed == 0)
        {
            return;
        }
        Array.Copy(buffer, consumed, buffer, 0, length - consumed);
        length -= consumed;
    }

    [GeneratedRegex(@"(?:^|\r\n)(?:content-length|l)[ \t]*:[ \t]*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ContentLength();
}
