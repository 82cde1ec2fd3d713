using System.Diagnostics;
using System.Globalization;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Lists;
using static EdgeBlocker.Storage.Tests.CallRecords;

namespace EdgeBlocker.Storage.Tests;

/// <summary>
/// The database on a small tmpfs that fills up (these tests need root for the mount). A write that fails for lack of
/// space also fails its rollback, which leaves LiteDB's locks behind; the database closes and opens the file again
/// before the next write, so writing resumes when space returns and nothing committed is lost.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private static readonly ChangeContext Admin = new("admin", "test");
    private readonly string _mount;

    public DiskFullTests()
    {
        _mount = Directory.CreateTempSubdirectory("edgeblocker-full-").FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", _mount);
    }

    public void Dispose()
    {
        Run("umount", "-l", _mount);
        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task Writes_fail_as_values_while_the_disk_is_full_and_succeed_again_when_space_returns_with_nothing_committed_lost()
    {
        var options = new StorageOptions { DataDirectory = _mount };
        using (var db = EdgeBlockerDatabase.Open(options))
        {
            Assert.True(db.Lists.Create("robocallers", ListSource.Manual, "test", Admin).Succeeded);
            Assert.True(db.Lists.ReplaceEntries("robocallers", ListStoreTests.Numbers(1_000), Admin).Succeeded);
            Assert.True((await WriteAsync(db, 0, 300)).Succeeded);

            var filler = Path.Combine(_mount, "filler");
            Fill(filler);

            // Each write on a thread of its own, as the call-record writer's batches run on whatever pool thread.
            var failed = await WriteAsync(db, 300, 2_000);
            Assert.False(failed.Succeeded);
            Assert.Contains("space", failed.Error, StringComparison.OrdinalIgnoreCase);

            // A list import fails whole and cleanly; the old version stays active.
            var import = await Task.Run(() => db.Lists.ReplaceEntries("robocallers", ListStoreTests.Numbers(100_000, first: 16660000000), Admin));
            Assert.False(import.Succeeded);
            Assert.Equal((2L, 1_000L), (db.Lists.Get("robocallers")!.Version, db.Lists.Get("robocallers")!.EntryCount));

            // Still full: the next write fails for lack of space again, not on a lock the failed rollback left behind
            // (which took a minute and said "lock timeout").
            var again = await WriteAsync(db, 2_300, 2_000);
            Assert.False(again.Succeeded);
            Assert.Contains("space", again.Error, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("lock timeout", again.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(300, db.Calls.Count());

            File.Delete(filler);
            var resumed = await WriteAsync(db, 4_300, 200);
            Assert.True(resumed.Succeeded, resumed.ToString());
            Assert.True(db.Reopens >= 1, $"reopened {db.Reopens.ToString(CultureInfo.InvariantCulture)} times");
            Assert.Equal(500, db.Calls.Count());
            var replaced = await Task.Run(() => db.Lists.ReplaceEntries("robocallers", ListStoreTests.Numbers(2_000), Admin));
            Assert.True(replaced.Succeeded, replaced.ToString());
        }

        // Everything reported written is in the file: the 300 before, the 200 after, and the list's new version.
        using var reopened = EdgeBlockerDatabase.Open(options);
        Assert.Equal(500, reopened.Calls.Count());
        Assert.Equal(
            Enumerable.Range(0, 300).Concat(Enumerable.Range(4_300, 200)).Select(CallId),
            reopened.Calls.Query(new CallQuery { Limit = 1_000 }).Select(r => r.CallId).Order(StringComparer.Ordinal));
        Assert.Equal((3L, 2_000L), (reopened.Lists.Get("robocallers")!.Version, reopened.Lists.Get("robocallers")!.EntryCount));
    }

    [Fact]
    public async Task A_committed_change_not_yet_in_the_data_file_survives_the_reopen_of_a_full_disk()
    {
        var options = new StorageOptions { DataDirectory = _mount };
        using (var db = EdgeBlockerDatabase.Open(options))
        {
            // Committed to the write-ahead log only: LiteDB copies it into the data file at a checkpoint.
            Assert.True(db.Lists.Create("complaints", ListSource.Manual, "test", Admin).Succeeded);
            Assert.True(db.Lists.AddEntry("complaints", ListEntry.Exact(12025550143, "complaint 1234"), Admin).Succeeded);
            Fill(Path.Combine(_mount, "filler"));

            Assert.False((await WriteAsync(db, 0, 2_000)).Succeeded);
            Assert.False((await WriteAsync(db, 2_000, 2_000)).Succeeded); // reopened first, on the full disk
            Assert.Equal(1, db.Lists.Get("complaints")!.EntryCount);
        }

        File.Delete(Path.Combine(_mount, "filler"));
        using var reopened = EdgeBlockerDatabase.Open(options);
        var entry = Assert.Single(reopened.Lists.ReadEntries("complaints"));
        Assert.Equal(("+12025550143", "complaint 1234"), (entry.Value, entry.Reason));
        Assert.Equal(0, reopened.Calls.Count());
    }

    [Fact]
    public void A_big_import_committed_to_the_log_is_reported_applied_when_only_the_checkpoint_after_it_finds_the_disk_full()
    {
        var options = new StorageOptions { DataDirectory = _mount };
        using (var db = EdgeBlockerDatabase.Open(options))
        {
            Assert.True(db.Lists.Create("feed", ListSource.Manual, "test", Admin).Succeeded);
            Assert.True(db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(1_000), Admin).Succeeded);
            db.Checkpoint();
            var changes = db.Lists.ChangeCount;

            // Room for the 1.1M numbers' 9 MB in the log, not for the data file to grow by as much when LiteDB
            // copies the log into it right after the commit (it does so once the log passes 1,000 pages).
            Fill(Path.Combine(_mount, "filler"), leave: 14_000_000);
            var import = db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(1_100_000, first: 16660000000), Admin);

            Assert.True(import.Succeeded, import.ToString());
            Assert.Equal((3L, 1_100_000L), (db.Lists.Get("feed")!.Version, db.Lists.Get("feed")!.EntryCount));
            Assert.Equal(changes + 1, db.Lists.ChangeCount); // screening is told, and swaps in the new version
        }

        // Still full: opening replays the log, the new version with it.
        using var reopened = EdgeBlockerDatabase.Open(options);
        Assert.Equal((3L, 1_100_000L), (reopened.Lists.Get("feed")!.Version, reopened.Lists.Get("feed")!.EntryCount));
        Assert.Equal(1_100_000, reopened.Lists.LoadActive().EntryCount);
    }

    private static string CallId(int i) => "c" + i.ToString("D5", CultureInfo.InvariantCulture);

    private static Task<StorageResult<CallBatchResult>> WriteAsync(EdgeBlockerDatabase db, int first, int count) =>
        Task.Run(() => db.Calls.WriteBatch(
            Enumerable.Range(first, count).Select(i => CallWriteItem.Insert(Make(T0.AddSeconds(i), "+15550000001", "+12025550100", callId: CallId(i)))).ToList()));

    /// <summary>Writes until the file system is full, or has only <paramref name="leave"/> bytes free.</summary>
    private static void Fill(string path, long leave = 0)
    {
        var chunk = new byte[64 * 1024];
        var left = new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace - leave;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        try
        {
            for (var i = 0; i < 1024 && left > 0; i++)
            {
                file.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
                left -= chunk.Length;
            }
        }
        catch (IOException)
        {
            // full, as intended
        }
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)} (this test needs root for the tmpfs)");
    }
}
