using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Screening.Tests;

public class SettingsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var settings = new ScreeningSettings();
        Assert.Empty(settings.Validate());
        Assert.Equal("US", settings.DefaultRegion);
        Assert.Equal(ScreeningMode.Enforce, settings.Mode);
        Assert.Equal(32, settings.MaxRegexRules);
    }

    [Fact]
    public void Each_problem_names_its_key()
    {
        var settings = new ScreeningSettings
        {
            DefaultRegion = "XX",
            TagHeader = "X Verdict",
            MaxRegexRules = -1,
            RegexTimeout = TimeSpan.Zero,
        };
        var errors = settings.Validate();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("EdgeBlocker:Screening:DefaultRegion:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeBlocker:Screening:TagHeader:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeBlocker:Screening:MaxRegexRules:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeBlocker:Screening:RegexTimeout:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_never_block_entry_is_named_by_index()
    {
        var errors = new ScreeningSettings { NeverBlock = ["988", "not a number"] }.Validate();
        Assert.Equal(["EdgeBlocker:Screening:NeverBlock:1: 'not a number' is neither a phone number nor a short code of up to 6 digits."], errors);
    }

    [Fact]
    public void The_engine_refuses_invalid_settings()
    {
        var e = Assert.Throws<ArgumentException>(() => new ScreeningEngine(new FakeTimeProvider(), new ScreeningSettings { DefaultRegion = "Narnia" }));
        Assert.Contains("EdgeBlocker:Screening:DefaultRegion", e.Message, StringComparison.Ordinal);
    }
}
