namespace EdgeBlocker.Storage.Lists;

/// <summary>Everything the screening snapshot is built from: the enabled lists and their active entries.</summary>
/// <param name="NumberBlocks">Packed exact/dno numbers (most of the data for large lists).</param>
/// <param name="Entries">All other entries, including exact/dno entries added one by one.</param>
public sealed record ActiveListData(
    IReadOnlyList<ListInfo> Lists,
    IReadOnlyList<ListNumberBlock> NumberBlocks,
    IReadOnlyList<ListEntry> Entries)
{
    /// <summary>All entries, counting each packed number once.</summary>
    public long EntryCount => Entries.Count + NumberBlocks.Sum(b => (long)b.Numbers.Length);
}
