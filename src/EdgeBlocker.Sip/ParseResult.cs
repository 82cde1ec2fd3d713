namespace EdgeBlocker.Sip;

/// <summary>
/// The outcome of parsing: never an exception for bad input.
/// </summary>
/// <param name="Status">Complete, incomplete or malformed.</param>
/// <param name="Consumed">Bytes that belong to this message (start line to the end of the body). For a datagram the rest are
/// trailing octets to ignore (RFC 4475 §3.1.1.8).</param>
/// <param name="Error">Why the message is malformed: a constant phrase fit for a 400's reason text or a log; null otherwise.</param>
/// <param name="ErrorStatus">The response a UAS or proxy should give a malformed request: 400, or 505 for an unsupported
/// SIP version (RFC 3261 §21.5.6); 0 when complete.</param>
public readonly record struct ParseResult(ParseStatus Status, int Consumed, string? Error, int ErrorStatus)
{
    public static ParseResult Complete(int consumed) => new(ParseStatus.Complete, consumed, null, 0);

    public static readonly ParseResult Incomplete = new(ParseStatus.Incomplete, 0, null, 0);

    public static ParseResult Malformed(string error, int status = 400) => new(ParseStatus.Malformed, 0, error, status);

    public bool IsComplete => Status == ParseStatus.Complete;
}
