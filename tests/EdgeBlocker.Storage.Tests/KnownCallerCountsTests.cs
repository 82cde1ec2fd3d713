using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Storage.Tests;

public class KnownCallerCountsTests
{
    private readonly KnownCallerCounts _known = new();

    [Fact]
    public void Counts_are_known_once_their_batch_commits_and_for_the_newest_day_only()
    {
        _known.Stage(100, "+15550000001", 3);
        Assert.False(_known.TryGet(100, "+15550000001", out _)); // staged, not committed

        _known.Commit();
        Assert.True(_known.TryGet(100, "+15550000001", out var blocked));
        Assert.Equal(3, blocked);
        Assert.False(_known.TryGet(101, "+15550000001", out _));

        _known.Stage(101, "+15550000003", 2);
        _known.Stage(99, "+15550000002", 1); // a late record's day, after the new day's
        _known.Commit();
        Assert.False(_known.TryGet(100, "+15550000001", out _)); // the new day replaced the old
        Assert.False(_known.TryGet(99, "+15550000002", out _));
        Assert.True(_known.TryGet(101, "+15550000003", out blocked));
        Assert.Equal(2, blocked);
    }

    [Fact]
    public void Forget_drops_what_is_known_and_what_is_staged()
    {
        _known.Stage(100, "+15550000001", 3);
        _known.Commit();
        _known.Stage(100, "+15550000002", 1);

        _known.Forget();
        _known.Commit();

        Assert.Equal(0, _known.Count);
        Assert.False(_known.TryGet(100, "+15550000001", out _));
    }

    [Fact]
    public void Beyond_its_capacity_new_callers_are_not_kept_but_known_ones_are_updated()
    {
        for (var i = 0; i < KnownCallerCounts.Capacity + 10; i++)
        {
            _known.Stage(100, $"n{i}", 1);
        }

        _known.Stage(100, "n0", 5);
        _known.Commit();

        Assert.Equal(KnownCallerCounts.Capacity, _known.Count);
        Assert.False(_known.TryGet(100, $"n{KnownCallerCounts.Capacity}", out _));
        Assert.True(_known.TryGet(100, "n0", out var blocked));
        Assert.Equal(5, blocked);
    }
}
