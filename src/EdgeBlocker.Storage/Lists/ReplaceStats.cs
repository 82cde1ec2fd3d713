namespace EdgeBlocker.Storage.Lists;

/// <summary>What a whole-list replace wrote, compared with the version it replaced (entries are told apart by kind and value).</summary>
/// <param name="Version">The new active version.</param>
/// <param name="Entries">Distinct entries in the new version.</param>
/// <param name="Added">Entries in the new version that the old one lacked.</param>
/// <param name="Removed">Entries of the old version that the new one lacks.</param>
/// <param name="Unchanged">Entries in both.</param>
public sealed record ReplaceStats(long Version, long Entries, long Added, long Removed, long Unchanged);
