namespace EdgeBlocker.Storage.Lists;

/// <summary>
/// Entry kinds the screening engine understands. Storage keeps <see cref="ListEntry.Kind"/> a free lower-case word so
/// the engine can add kinds without a schema change; only <see cref="Exact"/> and <see cref="Dno"/> are special here:
/// their value is an E.164 number, kept as <see cref="ListEntry.Number"/> and packed for speed.
/// </summary>
public static class ListEntryKinds
{
    public const string Exact = "exact";
    public const string Prefix = "prefix";
    public const string Range = "range";
    public const string Regex = "regex";
    public const string Dno = "dno";
    public const string Peer = "peer";

    /// <summary>Source IP address or CIDR block.</summary>
    public const string SourceAddress = "source";
    public const string Anonymous = "anonymous";
    public const string Unparseable = "unparseable";
    public const string InvalidNanp = "invalid-nanp";
    public const string CallingRate = "calling-rate";
    public const string PeerRate = "peer-rate";
    public const string Attestation = "attestation";

    /// <summary>True for the kinds whose value is one number (<c>exact</c>, <c>dno</c>).</summary>
    public static bool IsNumeric(string kind) => kind is Exact or Dno;
}
