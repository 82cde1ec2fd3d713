using System.Diagnostics;
using System.Globalization;
using EdgeBlocker.Storage;
using Faults = EdgeBlocker.FaultHelper.Program;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// Power cuts, a hundred of them: a process importing lists, applying synced feeds and writing call records through
/// the product's write paths is killed with SIGKILL at random points. Every time, the database opens, each list is
/// one whole version (never part of one, never older than a version the process reported committed), and every call
/// record it reported committed is there.
/// </summary>
public sealed class FaultTests
{
    private const int Kills = 100;

    [Fact]
    public async Task A_hundred_kill_9s_during_imports_syncs_and_record_writes_lose_nothing_acknowledged()
    {
        var directory = Directory.CreateTempSubdirectory("edgeblocker-faults-").FullName;
        var random = new Random(20261128);
        long recordsAcknowledged = 0, importAcknowledged = 0, syncAcknowledged = 0;
        var killedAfter = new List<string>();
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                var acknowledged = await RunAndKillAsync(directory, random.Next(0, 7), random.Next(0, 40));
                foreach (var line in acknowledged)
                {
                    var parts = line.Split(' ');
                    Assert.True(parts[1] == "Applied", $"kill {kill}: the helper reported a failed write: {line}");
                    var value = long.Parse(parts[2], CultureInfo.InvariantCulture);
                    switch (parts[0])
                    {
                        case "import": importAcknowledged = value; break;
                        case "sync": syncAcknowledged = value; break;
                        default: recordsAcknowledged = value + Faults.RecordsPerBatch; break;
                    }
                }

                killedAfter.Add(acknowledged.Count == 0 ? "start" : acknowledged[^1].Split(' ')[0]);
                using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = directory });
                AssertWholeVersion(db, "imported", importAcknowledged, kill);
                AssertWholeVersion(db, "feed", syncAcknowledged, kill);
                var records = db.Calls.Count();
                Assert.True(records >= recordsAcknowledged, $"kill {kill}: {records} call records, but {recordsAcknowledged} were acknowledged");
                Assert.True(records % Faults.RecordsPerBatch == 0, $"kill {kill}: {records} call records: a batch was written in part");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        // The kills landed after every kind of write, not only at start-up.
        Assert.Contains("import", killedAfter);
        Assert.Contains("sync", killedAfter);
        Assert.Contains("calls", killedAfter);
    }

    private static void AssertWholeVersion(EdgeBlockerDatabase db, string list, long acknowledged, int kill)
    {
        if (db.Lists.Get(list) is not { } info)
        {
            Assert.True(acknowledged == 0, $"kill {kill}: list {list} is gone after version {acknowledged} was acknowledged");
            return;
        }

        Assert.True(info.Version >= acknowledged, $"kill {kill}: list {list} is at version {info.Version}, older than the acknowledged {acknowledged}");
        var expected = info.Version == 1 ? 0 : Faults.EntriesOf(info.Version);
        Assert.True(info.EntryCount == expected, $"kill {kill}: list {list} version {info.Version} has {info.EntryCount} entries, not its {expected}");
        Assert.Equal(expected, db.Lists.ReadEntries(list).LongCount());
    }

    /// <summary>Starts the helper, lets it acknowledge <paramref name="writes"/> writes, waits a little more, kills it.</summary>
    private static async Task<List<string>> RunAndKillAsync(string directory, int writes, int delayMilliseconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EdgeBlocker.FaultHelper.dll"));
        start.ArgumentList.Add(directory);
        var acknowledged = new List<string>();
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var ready = await child.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.True(ready == "ready", $"the helper did not start: {ready} {(child.HasExited ? await errors : string.Empty)}");
            while (acknowledged.Count < writes && await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                acknowledged.Add(line);
            }

            await Task.Delay(delayMilliseconds);
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL: no dispose, no flush, no finally in the child
            await child.WaitForExitAsync();
        }

        // Lines written before the kill but not yet read were committed too: count them as acknowledged.
        while (await child.StandardOutput.ReadLineAsync() is { } late)
        {
            acknowledged.Add(late);
        }

        return acknowledged;
    }
}
