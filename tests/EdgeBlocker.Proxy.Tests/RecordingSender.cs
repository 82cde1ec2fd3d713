using System.Text;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Tests;

/// <summary>An <see cref="ISipSender"/> that records what would have gone on the wire, with the fake clock's time.</summary>
internal sealed class RecordingSender : ISipSender
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<Sent> _sent = [];

    public RecordingSender(TimeProvider time) => _time = time;

    public IReadOnlyList<Sent> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public void Send(in Remote destination, ReadOnlySpan<byte> message)
    {
        lock (_lock)
        {
            _sent.Add(new Sent(destination, Encoding.UTF8.GetString(message), _time.GetUtcNow()));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _sent.Clear();
        }
    }

    internal sealed record Sent(Remote To, string Text, DateTimeOffset At)
    {
        public SipMessage Parse()
        {
            var message = new SipMessage();
            var result = SipParser.Parse(Encoding.UTF8.GetBytes(Text), message, SipParseMode.Datagram);
            Assert.True(result.IsComplete, result.Error + "\n" + Text);
            return message;
        }

        public string StartLine => Text[..Text.IndexOf("\r\n", StringComparison.Ordinal)];
    }
}
