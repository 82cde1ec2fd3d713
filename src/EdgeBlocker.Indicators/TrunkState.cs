namespace EdgeBlocker.Indicators;

/// <summary>What the trunk LED shows: whether the core and the trunk peers answer OPTIONS.</summary>
public enum TrunkState
{
    /// <summary>Not known yet, or health pings are off: LED off.</summary>
    Unknown,

    /// <summary>The core does not answer: LED off.</summary>
    CoreDown,

    /// <summary>The core answers, some trunk peer does not: slow blink.</summary>
    PeerDown,

    /// <summary>The core and every trunk peer answer: steady on.</summary>
    AllUp,
}
