using EdgeBlocker.Sip;

namespace EdgeBlocker.Fuzz;

/// <summary>The SIP parser on one UDP datagram (RFC 3261 §18.3): the input is the datagram.</summary>
internal sealed class SipDatagramTarget : IFuzzTarget
{
    public void Run(byte[] input)
    {
        // A fresh message per input: a crash file then replays alone exactly as it ran.
        var message = new SipMessage();
        var result = SipParser.Parse(input, message, SipParseMode.Datagram);
        Check.That(result.Status != ParseStatus.Incomplete, "a datagram is never incomplete");
        SipInvariants.Verify(message, result, input.Length);
    }
}
