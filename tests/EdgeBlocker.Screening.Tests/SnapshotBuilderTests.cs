using static EdgeBlocker.Screening.Tests.TestCalls;

namespace EdgeBlocker.Screening.Tests;

public class SnapshotBuilderTests
{
    [Theory]
    [InlineData(RuleKind.Exact, "12345", RuleAction.Block)]
    [InlineData(RuleKind.Exact, "bob", RuleAction.Block)]
    [InlineData(RuleKind.Prefix, "+0", RuleAction.Block)]
    [InlineData(RuleKind.Prefix, "+1234567890123456", RuleAction.Block)]
    [InlineData(RuleKind.Range, "+12125550000..+1212555999", RuleAction.Block)]
    [InlineData(RuleKind.Range, "+12125559999..+12125550000", RuleAction.Block)]
    [InlineData(RuleKind.Range, "+12125550000", RuleAction.Block)]
    [InlineData(RuleKind.SourceAddress, "203.0.113.0/33", RuleAction.Block)]
    [InlineData(RuleKind.SourceAddress, "gateway-x", RuleAction.Block)]
    [InlineData(RuleKind.Regex, "([", RuleAction.Block)]
    [InlineData(RuleKind.CallingRate, "0", RuleAction.Block)]
    [InlineData(RuleKind.CallingRate, "ten", RuleAction.Block)]
    [InlineData(RuleKind.PeerRate, "=5", RuleAction.Block)]
    [InlineData(RuleKind.Peer, " ", RuleAction.Block)]
    [InlineData(RuleKind.DoNotOriginate, "+12125550123", RuleAction.Allow)]
    [InlineData(RuleKind.InvalidNanp, "", RuleAction.Allow)]
    [InlineData(RuleKind.CallingRate, "5", RuleAction.Allow)]
    public void Bad_rules_are_refused_with_a_reason_and_the_rest_still_builds(RuleKind kind, string pattern, RuleAction action)
    {
        var builder = new SnapshotBuilder(new ScreeningSettings(), AreaCodes);
        var error = builder.Add(new RuleDefinition(42, "feed", kind, pattern, action));
        Assert.NotNull(error);
        Assert.Equal(42, error.RuleId);
        Assert.Equal("feed", error.List);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Null(builder.Add(Rule(RuleKind.Exact, "+12125550123")));
        var snapshot = builder.Build();
        Assert.Equal(1, snapshot.ExactCount);
        Assert.Equal(0, snapshot.RuleCount);
        Assert.Single(builder.Errors);
    }

    [Fact]
    public void A_rule_that_expires_before_it_starts_is_refused()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings());
        var error = builder.Add(new RuleDefinition(1, "x", RuleKind.Exact, "+12125550123", EffectiveFrom: Start, ExpiresAt: Start));
        Assert.NotNull(error);
    }

    [Fact]
    public void Regex_rules_are_capped()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings { MaxRegexRules = 2 });
        Assert.Null(builder.Add(Rule(RuleKind.Regex, "^\\+1")));
        Assert.Null(builder.Add(Rule(RuleKind.Regex, "^\\+2")));
        var error = builder.Add(Rule(RuleKind.Regex, "^\\+3"));
        Assert.NotNull(error);
        Assert.Contains("MaxRegexRules", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, builder.Build().RuleCount);
    }

    [Fact]
    public void Exact_numbers_can_be_national_forms_of_the_default_region()
    {
        var snapshot = Snapshot(new ScreeningSettings { DefaultRegion = "GB" }, Rule(RuleKind.Exact, "020 7946 0958"));
        var engine = new ScreeningEngine(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start), new ScreeningSettings { DefaultRegion = "GB" });
        engine.Swap(snapshot);
        Assert.True(engine.Call("+44 20 7946 0958").WouldBlock);
    }

    [Fact]
    public void AddExact_refuses_numbers_that_are_not_E164_and_metas_of_other_kinds()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings());
        var meta = new RuleMeta("bulk", RuleKind.Exact, RuleAction.Block);
        Assert.False(builder.AddExact(0, meta));
        Assert.False(builder.AddExact(1_000_000_000_000_000UL, meta));
        Assert.False(builder.AddExact(12125550123, meta with { Kind = RuleKind.Prefix }));
        Assert.True(builder.AddExact(12125550123, meta));
        Assert.Equal(1, builder.ExactCount);
    }

    [Fact]
    public void A_builder_builds_once()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings());
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    [Fact]
    public void The_area_code_table_comes_from_libphonenumber_metadata()
    {
        var codes = NanpAreaCodes.FromMetadata();
        Assert.True(codes.IsInService(212));
        Assert.True(codes.IsInService(800));
        Assert.True(codes.IsInService(604)); // Canada
        Assert.True(codes.IsInService(767)); // Dominica: only found through example numbers
        Assert.False(codes.IsInService(999));
        Assert.False(codes.IsInService(555));
        Assert.InRange(codes.Count, 400, 600);
    }
}
