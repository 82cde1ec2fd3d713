using EdgeBlocker.Storage;
using EdgeBlocker.Sync;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Swaps a synced list into screening, then gives back to the OS the memory the apply used (the parsed feed, the
/// version's sorted numbers, the old and the new snapshot side by side: 150 MB for a million numbers). Syncs are
/// rare and a small board has no memory to spare for the rest of the day; the collection is one short pause.
/// </summary>
public sealed class SyncActivator : IListActivator
{
    private readonly SnapshotLoader _loader;
    private readonly EdgeBlockerDatabase _database;

    public SyncActivator(SnapshotLoader loader, EdgeBlockerDatabase database)
    {
        _loader = loader;
        _database = database;
    }

    public void ActivateLists()
    {
        _loader.Reload();
        _database.DropCache(); // the apply read and wrote every page of the list
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
