using System.Diagnostics;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Storage.Tests;

/// <summary>A process killed (SIGKILL) while writing call records loses nothing it reported committed.</summary>
public sealed class CrashTests : IDisposable
{
    private const int BatchSize = 200;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(3, false)]
    [InlineData(12, false)]
    [InlineData(1, true)]
    [InlineData(6, true)]
    public async Task Every_batch_reported_committed_survives_a_kill_9(int batchesBeforeKill, bool killsItself)
    {
        var helper = Path.Combine(AppContext.BaseDirectory, "EdgeBlocker.Storage.CrashHelper.dll");
        Assert.True(File.Exists(helper), helper);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(helper);
        start.ArgumentList.Add(_dir.DataDirectory);
        start.ArgumentList.Add(BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (killsItself)
        {
            start.ArgumentList.Add((batchesBeforeKill - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var committed = new List<int>();
        var errors = new System.Text.StringBuilder();
        using (var child = Process.Start(start)!)
        {
            try
            {
                child.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
                child.BeginErrorReadLine();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (committed.Count < batchesBeforeKill)
                {
                    var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                    if (line is null)
                    {
                        child.WaitForExit(10_000);
                        lock (errors)
                        {
                            Assert.Fail($"helper ended early (exit {(child.HasExited ? child.ExitCode : -1)}): {errors}");
                        }
                    }

                    var parts = line.Split(' ');
                    Assert.Equal("committed", parts[0]);
                    committed.Add(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                }

                if (!killsItself)
                {
                    child.Kill(entireProcessTree: false); // SIGKILL on Linux: no finalizers, no LiteDB dispose
                }

                await child.WaitForExitAsync(timeout.Token);
                Assert.NotEqual(0, child.ExitCode);
            }
            finally
            {
                // A failed assertion must not leave the writer running: it would write forever.
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }
            }
        }

        using var db = EdgeBlockerDatabase.Open(_dir.Options());
        var count = db.Calls.Count();
        Assert.True(count >= committed.Count * BatchSize, $"{count} records, {committed.Count} batches reported");
        Assert.Equal(0, count % BatchSize); // a batch is all or nothing
        foreach (var batch in committed)
        {
            var from = CrashHelper.Program.Record(batch, 0).Time;
            var stored = db.Calls.Query(new CallQuery { From = from, Until = from.AddSeconds(BatchSize), Limit = CallQuery.MaxLimit });
            Assert.Equal(BatchSize, stored.Count);
            foreach (var record in stored)
            {
                var index = (int)(record.Time - from).TotalSeconds;
                Assert.Equal(CrashHelper.Program.Record(batch, index) with { Id = record.Id }, record);
            }
        }

        // The file takes new writes after recovery.
        CallRecords.Write(db, [CallRecords.Make(CallRecords.T0, "+15550000001", "+12025550100")]);
        Assert.Equal(count + 1, db.Calls.Count());
    }
}
