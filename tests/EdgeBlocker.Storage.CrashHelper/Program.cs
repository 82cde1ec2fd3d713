using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;

// Usage: EdgeBlocker.Storage.CrashHelper DATA_DIRECTORY BATCH_SIZE [KILL_SELF_AFTER]
// Writes batches of call records through the writer's batch path and prints "committed BATCH COUNT" after each
// batch is committed, until it is killed — by the test, or by itself with SIGKILL straight after reporting batch
// KILL_SELF_AFTER (the harshest moment: nothing after the commit gets a chance to run). Records are deterministic so
// the test can check every field.
namespace EdgeBlocker.Storage.CrashHelper;

public static class Program
{
    public static int Main(string[] args)
    {
        var killAfter = args.Length == 3 && int.TryParse(args[2], out var k) ? k : -1;
        if (args.Length is < 2 or > 3 || !int.TryParse(args[1], out var batchSize))
        {
            Console.Error.WriteLine("usage: EdgeBlocker.Storage.CrashHelper DATA_DIRECTORY BATCH_SIZE [KILL_SELF_AFTER]");
            return 2;
        }

        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = args[0] });
        // Bounded: the test kills this process long before; if the test dies first, it still stops by itself.
        for (var batch = 0; batch < 1000; batch++)
        {
            var items = Enumerable.Range(0, batchSize).Select(i => CallWriteItem.Insert(Record(batch, i))).ToList();
            var result = db.Calls.WriteBatch(items);
            if (!result.Succeeded)
            {
                Console.Error.WriteLine(result.Error);
                return 1;
            }

            Console.Out.WriteLine($"committed {batch} {batchSize}");
            Console.Out.Flush();
            if (batch == killAfter)
            {
                using var self = System.Diagnostics.Process.GetCurrentProcess();
                self.Kill();
            }
        }

        return 3;
    }

    /// <summary>The record number <paramref name="index"/> of batch <paramref name="batch"/>; the test rebuilds it to compare.</summary>
    public static CallRecord Record(int batch, int index) => new()
    {
        Time = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds((batch * 10_000) + index),
        CallingNumberReceived = $"555{batch:D3}{index:D4}",
        CallingNumber = $"+1555{batch:D3}{index:D4}",
        CalledNumberReceived = "2025550100",
        CalledNumber = "+12025550100",
        Peer = "carrier-a",
        SourceAddress = "203.0.113.10:5060",
        Transport = "udp",
        CallId = $"crash-{batch}-{index}@helper",
        Verdict = index % 3 == 0 ? CallVerdicts.Block : CallVerdicts.Allow,
        Rule = index % 3 == 0 ? "exact" : null,
        ResponseCode = index % 3 == 0 ? 603 : 200,
    };
}
