using EdgeBlocker.Proxy.Policy;

namespace EdgeBlocker.Screening;

/// <summary>
/// Blocks calling numbers listed in configuration (<c>EdgeBlocker:Screening:BlockedNumbers</c>, and the optional
/// <c>BlockedNumbersFile</c>): the list <c>config</c>. Emergency numbers (911, 933 and <c>NeverBlock</c>) always pass.
/// The set is built once and only read afterwards, so lookups need no lock.
/// </summary>
public sealed class ConfiguredListPolicy : ICallPolicy
{
    public const string ListName = "config";

    private static readonly string[] Emergency = ["911", "933"];

    private readonly HashSet<ulong> _blocked;
    private readonly HashSet<string> _neverBlock;
    private readonly BlockResponse _response;

    public ConfiguredListPolicy(HashSet<ulong> blocked, IEnumerable<string> neverBlock, BlockResponse response)
    {
        _blocked = blocked;
        _neverBlock = new HashSet<string>(Emergency.Concat(neverBlock), StringComparer.Ordinal);
        _response = response;
    }

    public int Count => _blocked.Count;

    public CallDecision Decide(in CallAttempt attempt)
    {
        if (IsNeverBlocked(attempt.CalledUser))
        {
            return CallDecision.Allow;
        }

        return PhoneNumber.TryParse(attempt.CallingUser, out var calling) && _blocked.Contains(calling)
            ? new CallDecision(CallAction.Block, _response, "exact number", ListName)
            : CallDecision.Allow;
    }

    private bool IsNeverBlocked(ReadOnlySpan<byte> called)
    {
        var semicolon = called.IndexOf((byte)';');
        if (semicolon >= 0)
        {
            called = called[..semicolon];
        }

        if (called.Length <= 3)
        {
            // Short codes are compared as written: 911, 933.
            Span<char> chars = stackalloc char[3];
            for (var i = 0; i < called.Length; i++)
            {
                chars[i] = (char)called[i];
            }

            return _neverBlock.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars[..called.Length]);
        }

        return PhoneNumber.TryParse(called, out var number) && _neverBlock.Count > Emergency.Length && _neverBlock.Contains("+" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
