namespace EdgeBlocker.Storage.Calls;

/// <summary>A trunk peer's calls and the share of them blocked (0..1). Calls from no known peer have an empty name.</summary>
public sealed record PeerShare(string Peer, long Screened, long Blocked)
{
    public double BlockedShare => Screened == 0 ? 0 : (double)Blocked / Screened;
}
