namespace EdgeBlocker.Screening;

/// <summary>A snapshot's compiled non-exact rules, one array per kind (ranges sorted by their first number).</summary>
internal sealed record SnapshotRules
{
    public CompiledRule[] Prefixes { get; init; } = [];

    public CompiledRule[] Ranges { get; init; } = [];

    public CompiledRule[] Peers { get; init; } = [];

    public CompiledRule[] Sources { get; init; } = [];

    public CompiledRule[] Anonymous { get; init; } = [];

    public CompiledRule[] Unparseable { get; init; } = [];

    public CompiledRule[] InvalidNanp { get; init; } = [];

    public CompiledRule[] Regexes { get; init; } = [];

    public CompiledRule[] CallingRates { get; init; } = [];

    public CompiledRule[] PeerRates { get; init; } = [];

    public int Count =>
        Prefixes.Length + Ranges.Length + Peers.Length + Sources.Length + Anonymous.Length + Unparseable.Length
        + InvalidNanp.Length + Regexes.Length + CallingRates.Length + PeerRates.Length;
}
