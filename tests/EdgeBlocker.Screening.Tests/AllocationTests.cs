using System.Net;
using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Screening.Tests.TestCalls;

namespace EdgeBlocker.Screening.Tests;

/// <summary>Allocation and memory are behaviour here (a Pi-class box screening every call), measured not timed.</summary>
[Collection(RunsAlone.Name)]
public class AllocationTests
{
    [Fact]
    public void A_decision_allocates_nothing()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings(), AreaCodes);
        var meta = new RuleMeta("bulk", RuleKind.Exact, RuleAction.Block, "robocaller");
        for (ulong n = 0; n < 10_000; n++)
        {
            builder.AddExact(12125550000 + n, meta);
        }

        builder.AddRange(
        [
            Rule(RuleKind.Prefix, "+1900"),
            Rule(RuleKind.Range, "+14155550000..+14155559999"),
            Rule(RuleKind.Peer, "gateway-x"),
            Rule(RuleKind.SourceAddress, "203.0.113.0/24"),
            Rule(RuleKind.InvalidNanp, ""),
            Rule(RuleKind.Regex, "^\\+1646"),
            Rule(RuleKind.CallingRate, "1000000"),
            Rule(RuleKind.PeerRate, "1000000"),
            Rule(RuleKind.Anonymous, ""),
            Rule(RuleKind.Exact, "+12015550123", RuleAction.Allow, list: "allow"),
        ]);
        Assert.Empty(builder.Errors);
        var engine = new ScreeningEngine(new FakeTimeProvider(Start), new ScreeningSettings());
        engine.Swap(builder.Build());

        byte[][] callers = ["+12125550123"u8.ToArray(), "sip:2125559999@gw;user=phone"u8.ToArray(), "+19005550100"u8.ToArray(), "4155551234"u8.ToArray(), "+16465550123"u8.ToArray(), "+12015550123"u8.ToArray(), "+13055550123"u8.ToArray(), "anonymous"u8.ToArray()];
        var called = "+12125550100"u8.ToArray();
        var source = IPAddress.Parse("::ffff:203.0.113.9");
        var blocked = 0;
        for (var round = 0; round < 2; round++)
        {
            // Round 0 warms up (JIT, regex runner); round 1 is measured.
            var before = GC.GetAllocatedBytesForCurrentThread();
            blocked = 0;
            for (var i = 0; i < 10_000; i++)
            {
                foreach (var caller in callers)
                {
                    var verdict = engine.Screen(new CallFacts(caller, called, "carrier-a", source));
                    blocked += verdict.WouldBlock ? 1 : 0;
                }
            }

            if (round == 1)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        // Blocked: exact (2), prefix, range, regex, anonymous, source for all but the allowlisted caller: 7 of 8.
        Assert.Equal(7 * 10_000, blocked);
    }

    [Fact]
    public void A_million_exact_numbers_cost_at_most_10_bytes_each()
    {
        const int count = 1_000_000;
        var settings = new ScreeningSettings();
        var meta = new RuleMeta("bulk", RuleKind.Exact, RuleAction.Block, "robocaller");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var builder = new SnapshotBuilder(settings);
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            builder.AddExact(12_000_000_000UL + (ulong)random.NextInt64(8_000_000_000), meta);
        }

        var snapshot = builder.Build();
        GC.KeepAlive(builder);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perNumber = (double)(after - before) / count;

        Assert.Equal(count, snapshot.ExactCount);
        Assert.InRange(perNumber, 5.0, 10.0); // the table's 7.05 and what the snapshot holds besides
        Assert.InRange(snapshot.ExactTableBytes / (double)count, 7.0, 7.1);
        GC.KeepAlive(snapshot);
    }
}
