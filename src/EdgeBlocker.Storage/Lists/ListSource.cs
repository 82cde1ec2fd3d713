namespace EdgeBlocker.Storage.Lists;

/// <summary>Where a list's entries come from.</summary>
public enum ListSource
{
    /// <summary>Entries added one by one (CLI, web page).</summary>
    Manual,

    /// <summary>Entries imported from a file.</summary>
    Upload,

    /// <summary>The read-only <c>config</c> list mirroring <c>EdgeBlocker:Screening:BlockedNumbers</c>.</summary>
    Config,

    /// <summary>Entries replaced by feed sync.</summary>
    Subscription,
}
