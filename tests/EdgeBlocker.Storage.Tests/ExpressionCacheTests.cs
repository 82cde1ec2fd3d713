using System.Collections;
using System.Reflection;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Lists;
using LiteDB;
using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Storage.Tests.CallRecords;

namespace EdgeBlocker.Storage.Tests;

/// <summary>
/// LiteDB compiles each distinct filter text into a method and keeps it for the life of the process. A filter that
/// carried its value in the text (a Call-ID, a number, a time) left one method behind per value, and the service's
/// memory grew for as long as it took calls. Filters pass their values as parameters; this holds them to it, through
/// every path that filters on a value the caller chooses.
/// </summary>
public sealed class ExpressionCacheTests
{
    private const int Distinct = 300;

    [Fact]
    public void Filtering_on_many_different_values_compiles_each_filter_once()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = dir.DataDirectory }, time);
        var who = new ChangeContext("test", "local");
        Assert.True(db.Lists.Create("blocked", ListSource.Manual, "test list", who).Succeeded);

        Exercise(db, time, who, 0, 20); // first use of each path compiles its filters
        var before = CompiledExpressions();
        Exercise(db, time, who, 20, Distinct);
        var grown = CompiledExpressions() - before;

        Assert.True(grown < 10, $"{grown} more compiled filters after {Distinct - 20} rounds with new values: a filter carries its value in its text");
    }

    private static void Exercise(EdgeBlockerDatabase db, FakeTimeProvider time, ChangeContext who, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var callId = $"call-{i}";
            var number = $"+1202555{i:D4}";
            Assert.True(db.Calls.WriteBatch([CallWriteItem.Insert(Make(time.GetUtcNow(), number, "+12025550100", callId: callId))]).Succeeded);
            Assert.True(db.Calls.WriteBatch([CallWriteItem.Update(callId, time.GetUtcNow(), time.GetUtcNow().AddSeconds(i))]).Succeeded);
            db.Calls.Query(new CallQuery { Calling = number });
            db.Calls.Query(new CallQuery { From = time.GetUtcNow().AddMinutes(-i), Until = time.GetUtcNow().AddSeconds(i + 1) });
            db.Calls.Traceback(time.GetUtcNow(), number, "+12025550100", TimeSpan.FromSeconds(i + 1));
            db.Calls.CountsPerMinute(time.GetUtcNow().AddMinutes(-i - 1), time.GetUtcNow());
            db.Calls.TopBlockedCallers(time.GetUtcNow().AddDays(-(i % 30) - 1), time.GetUtcNow());
            db.Audit.Query(time.GetUtcNow().AddSeconds(-i), time.GetUtcNow().AddSeconds(i + 1));
            db.Audit.ForTarget($"target-{i}");
            Assert.True(db.Lists.AddEntry("blocked", ListEntry.Exact(12025550000L + i, "test"), who).Succeeded);
            time.Advance(TimeSpan.FromSeconds(61));
        }

        db.Calls.ApplyRetention();
    }

    /// <summary>LiteDB 5's cache of compiled expressions, by their text (a private field; the package version is pinned).</summary>
    private static int CompiledExpressions()
    {
        var cache = typeof(BsonExpression).GetField("_cacheScalar", BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null) as ICollection;
        Assert.True(cache is not null, "LiteDB's expression cache was not found: the package changed; look again at how it caches filters");
        return cache.Count;
    }
}
