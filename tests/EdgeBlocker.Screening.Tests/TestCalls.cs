using System.Net;
using System.Text;

namespace EdgeBlocker.Screening.Tests;

/// <summary>Builds snapshots from rule definitions and screens calls written as text.</summary>
internal static class TestCalls
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ScreeningSnapshot Snapshot(params RuleDefinition[] rules) => Snapshot(new ScreeningSettings(), rules);

    public static ScreeningSnapshot Snapshot(ScreeningSettings settings, params RuleDefinition[] rules)
    {
        var builder = new SnapshotBuilder(settings, AreaCodes);
        builder.AddRange(rules);
        Assert.Empty(builder.Errors);
        return builder.Build();
    }

    /// <summary>A small fixed table so tests do not depend on which area codes the metadata has this year.</summary>
    public static NanpAreaCodes AreaCodes { get; } = NanpAreaCodes.From([201, 202, 212, 213, 305, 415, 416, 646, 800, 888]);

    public static ScreeningEngine Engine(TimeProvider time, params RuleDefinition[] rules) => Engine(time, new ScreeningSettings(), rules);

    public static ScreeningEngine Engine(TimeProvider time, ScreeningSettings settings, params RuleDefinition[] rules)
    {
        var engine = new ScreeningEngine(time, settings);
        engine.Swap(Snapshot(settings, rules));
        return engine;
    }

    public static Verdict Call(this ScreeningEngine engine, string calling, string called = "+12125550100", string? peer = null, string? source = null) =>
        engine.Screen(new CallFacts(Encoding.UTF8.GetBytes(calling), Encoding.UTF8.GetBytes(called), peer, source is null ? null : IPAddress.Parse(source)));

    public static RuleDefinition Rule(
        RuleKind kind,
        string pattern,
        RuleAction action = RuleAction.Block,
        string list = "test",
        long id = 1,
        string? reason = null,
        ResponseCode response = ResponseCode.NetworkBlocked603Plus) =>
        new(id, list, kind, pattern, action, reason, Response: response);
}
