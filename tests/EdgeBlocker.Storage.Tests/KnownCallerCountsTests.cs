using EdgeBlocker.Storage.Calls;
using static EdgeBlocker.Storage.Calls.KnownCallerCounts;

namespace EdgeBlocker.Storage.Tests;

public class KnownCallerCountsTests
{
    private readonly KnownCallerCounts _known = new();

    [Fact]
    public void Nothing_is_known_of_a_period_until_it_is_loaded()
    {
        _known.Stage(100, "+15550000001", 3);
        _known.Commit();

        Assert.Equal(Presence.Unknown, _known.Find(100, "+15550000001", out _));
        Assert.Equal(Presence.Unknown, _known.Find(100, "+15550000002", out _));
        Assert.False(_known.Covers(100));
    }

    [Fact]
    public void Counts_are_known_once_their_batch_commits_and_for_the_loaded_period_only()
    {
        _known.Load(100, [("+15550000001", 2)]);
        Assert.True(_known.Covers(100));
        Assert.Equal(Presence.Known, _known.Find(100, "+15550000001", out var blocked));
        Assert.Equal(2, blocked);

        _known.Stage(100, "+15550000001", 3);
        _known.Stage(100, "+15550000002", 1);
        _known.Stage(99, "+15550000009", 1); // a late record's day: not the one loaded
        Assert.Equal(2, Known(100, "+15550000001")); // staged, not committed
        Assert.Equal(Presence.Absent, _known.Find(100, "+15550000002", out _));

        _known.Commit();
        Assert.Equal(3, Known(100, "+15550000001"));
        Assert.Equal(1, Known(100, "+15550000002"));
        Assert.Equal(Presence.Unknown, _known.Find(99, "+15550000009", out _));
        Assert.Equal(Presence.Unknown, _known.Find(101, "+15550000001", out _));

        _known.Load(101, []); // the next day: what was kept of the last goes
        Assert.Equal(Presence.Absent, _known.Find(101, "+15550000001", out _));
        Assert.Equal(Presence.Unknown, _known.Find(100, "+15550000001", out _));
    }

    [Fact]
    public void A_count_staged_as_zero_means_the_document_is_gone()
    {
        _known.Load(7, [("+15550000001", 2), ("+15550000002", 5)]);
        _known.Stage(7, "+15550000001", 0);
        _known.Commit();

        Assert.Equal(Presence.Absent, _known.Find(7, "+15550000001", out _));
        Assert.Equal(5, Known(7, "+15550000002"));
        Assert.Equal(1, _known.Count);
    }

    [Fact]
    public void Callers_that_are_not_E164_numbers_are_never_kept_nor_said_to_be_absent()
    {
        _known.Load(100, [("anonymous", 4), ("5551230001", 2), ("+15550000001", 1)]);
        _known.Stage(100, "anonymous", 5);
        _known.Commit();

        Assert.Equal(1, _known.Count);
        Assert.Equal(Presence.Unknown, _known.Find(100, "anonymous", out _));
        Assert.Equal(Presence.Unknown, _known.Find(100, "5551230002", out _));
        Assert.Equal(Presence.Unknown, _known.Find(100, "+05550000001", out _));
        Assert.Equal(Presence.Absent, _known.Find(100, "+15550000002", out _));
    }

    [Fact]
    public void Forget_drops_what_is_known_and_what_is_staged()
    {
        _known.Load(100, [("+15550000001", 3)]);
        _known.Stage(100, "+15550000002", 1);

        _known.Forget();
        _known.Commit();

        Assert.Equal(0, _known.Count);
        Assert.False(_known.Covers(100));
        Assert.Equal(Presence.Unknown, _known.Find(100, "+15550000001", out _));
        Assert.Equal(Presence.Unknown, _known.Find(100, "+15550000002", out _));
    }

    [Fact]
    public void Beyond_its_capacity_new_callers_are_not_kept_and_no_caller_is_said_to_be_absent()
    {
        _known.Load(100, []);
        for (var i = 0; i < Capacity + 10; i++)
        {
            _known.Stage(100, Number(i), 1);
        }

        _known.Stage(100, Number(0), 5);
        _known.Commit();

        Assert.Equal(Capacity, _known.Count);
        Assert.Equal(Presence.Unknown, _known.Find(100, Number(Capacity), out _));
        Assert.Equal(Presence.Unknown, _known.Find(100, Number(Capacity + 100), out _));
        Assert.Equal(5, Known(100, Number(0)));
    }

    [Fact]
    public void Loading_more_than_its_capacity_keeps_what_fits_and_is_not_complete()
    {
        _known.Load(100, Enumerable.Range(0, Capacity + 1).Select(i => (Number(i), 1L)));

        Assert.Equal(Capacity, _known.Count);
        Assert.Equal(1, Known(100, Number(Capacity - 1)));
        Assert.Equal(Presence.Unknown, _known.Find(100, Number(Capacity), out _));
    }

    [Theory]
    [InlineData("+1", 1L)]
    [InlineData("+10", 10L)]
    [InlineData("+15550000001", 15550000001L)]
    [InlineData("+999999999999999", 999999999999999L)]
    public void An_E164_number_is_keyed_by_its_digits(string number, long key)
    {
        Assert.True(TryKey(number, out var actual));
        Assert.Equal(key, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("15550000001")]
    [InlineData("+0123")]
    [InlineData("+1555000000a")]
    [InlineData("+1234567890123456")]
    [InlineData("anonymous")]
    public void Other_caller_keys_have_no_number_key(string number) => Assert.False(TryKey(number, out _));

    private static string Number(int i) => $"+1555{i:D7}";

    private long Known(long period, string number)
    {
        Assert.Equal(Presence.Known, _known.Find(period, number, out var blocked));
        return blocked;
    }
}
