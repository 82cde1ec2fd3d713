using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Benchmarks;

/// <summary>
/// The screening decision against a large snapshot: 1,000,000 exact numbers plus 10,000 prefixes (targets: under
/// 300 ns and 0 B per decision), and building such a snapshot (target: under 1 s; at most 16 bytes per number, printed
/// by the setup as measured with GC.GetTotalMemory).
/// </summary>
[MemoryDiagnoser]
public class ScreeningBenchmark
{
    private const int ExactCount = 1_000_000;
    private const int PrefixCount = 10_000;

    private readonly byte[] _called = "+12125550100"u8.ToArray();
    private readonly IPAddress _source = IPAddress.Parse("198.51.100.7");
    private ulong[] _numbers = [];
    private RuleDefinition[] _definitions = [];
    private RuleDefinition[] _prefixes = [];
    private ScreeningEngine _engine = null!;
    private byte[] _exactHit = [];
    private byte[] _prefixHit = [];
    private byte[] _miss = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260301);
        var numbers = new HashSet<ulong>();
        while (numbers.Count < ExactCount)
        {
            // NANP numbers with a plausible area code and exchange: 1 NXX NXX XXXX.
            numbers.Add(10_000_000_000UL + ((ulong)random.Next(200, 1000) * 10_000_000UL) + ((ulong)random.Next(200, 1000) * 10_000UL) + (ulong)random.Next(10_000));
        }

        _numbers = [.. numbers];
        _definitions = [.. _numbers.Select((n, i) => new RuleDefinition(i + 1, "feed", RuleKind.Exact, "+" + n.ToString(CultureInfo.InvariantCulture), Reason: "robocaller"))];
        var prefixes = new HashSet<string>();
        while (prefixes.Count < PrefixCount)
        {
            // 4 to 8 digit prefixes, mostly NANP, some international.
            var length = random.Next(4, 9);
            var first = random.Next(10) < 8 ? "1" : random.Next(2, 10).ToString(CultureInfo.InvariantCulture);
            prefixes.Add("+" + first + random.NextInt64((long)Math.Pow(10, length - 2), (long)Math.Pow(10, length - 1)).ToString(CultureInfo.InvariantCulture));
        }

        _prefixes = [.. prefixes.Select((p, i) => new RuleDefinition(ExactCount + i + 1, "prefixes", RuleKind.Prefix, p, Reason: "range of a bad carrier"))];

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var snapshot = BuildFromNumbers();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// snapshot: {snapshot.ExactCount} exact + {snapshot.RuleCount} prefixes; {(after - before) / (double)ExactCount:F2} bytes/number measured (GC.GetTotalMemory), table {snapshot.ExactTableBytes / (double)ExactCount:F2} bytes/number");

        _engine = new ScreeningEngine(TimeProvider.System, new ScreeningSettings());
        _engine.Swap(snapshot);
        _exactHit = System.Text.Encoding.ASCII.GetBytes("+" + _numbers[ExactCount / 2].ToString(CultureInfo.InvariantCulture));
        var prefixDigits = _prefixes[PrefixCount / 2].Pattern;
        _prefixHit = System.Text.Encoding.ASCII.GetBytes(prefixDigits + new string('7', 16 - prefixDigits.Length));
        // A NANP number that no exact entry and no prefix matches, written as a SIP URI with a national user part.
        var miss = 16_465_550_123UL;
        do
        {
            miss += 7;
            _miss = System.Text.Encoding.ASCII.GetBytes("sip:" + (miss - 10_000_000_000UL).ToString(CultureInfo.InvariantCulture) + "@gw.example;user=phone");
        }
        while (_engine.Screen(new CallFacts(_miss, _called, "carrier-a", _source)).Kind is not null);

        Check(_exactHit, RuleKind.Exact);
        Check(_prefixHit, RuleKind.Prefix);
    }

    [Benchmark]
    public VerdictAction ExactHit() => _engine.Screen(new CallFacts(_exactHit, _called, "carrier-a", _source)).Action;

    [Benchmark]
    public VerdictAction PrefixHit() => _engine.Screen(new CallFacts(_prefixHit, _called, "carrier-a", _source)).Action;

    [Benchmark]
    public VerdictAction Miss() => _engine.Screen(new CallFacts(_miss, _called, "carrier-a", _source)).Action;

    /// <summary>What storage does: stream (number, meta) pairs for 1M numbers plus 10k prefix definitions.</summary>
    [Benchmark]
    public ScreeningSnapshot BuildFromNumbers()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings());
        var meta = new RuleMeta("feed", RuleKind.Exact, RuleAction.Block, "robocaller");
        builder.EnsureExactCapacity(_numbers.Length);
        foreach (var number in _numbers)
        {
            builder.AddExact(number, meta);
        }

        builder.AddRange(_prefixes);
        return builder.Build();
    }

    /// <summary>The same from 1M in-memory <see cref="RuleDefinition"/>s (number text parsed per rule).</summary>
    [Benchmark]
    public ScreeningSnapshot BuildFromDefinitions()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings());
        builder.AddRange(_definitions);
        builder.AddRange(_prefixes);
        return builder.Build();
    }

    private void Check(byte[] calling, RuleKind kind)
    {
        var verdict = _engine.Screen(new CallFacts(calling, _called, "carrier-a", _source));
        if (verdict.Kind != kind || _engine.Screen(new CallFacts(_miss, _called, "carrier-a", _source)).Kind is not null)
        {
            throw new InvalidOperationException($"Benchmark data is wrong: {System.Text.Encoding.ASCII.GetString(calling)} gave {verdict.Kind}.");
        }
    }
}
