namespace EdgeBlocker.Fuzz;

/// <summary>The targets by name, as run-fuzz.sh and the command line call them.</summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyList<string> Names = ["sip-datagram", "sip-stream", "feed", "number"];

    public static IFuzzTarget? Create(string name) => name switch
    {
        "sip-datagram" => new SipDatagramTarget(),
        "sip-stream" => new SipStreamTarget(),
        "feed" => new FeedTarget(),
        "number" => new NumberTarget(),
        _ => null,
    };
}
