namespace EdgeBlocker.Sync.Tests;

public class SyncOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.Empty(new SyncOptions().Validate());

    [Fact]
    public void Each_bad_setting_is_named_by_its_key()
    {
        var problems = new SyncOptions { Jitter = 2, MaxBadLineShare = -0.1, RequestTimeout = TimeSpan.Zero, DefaultInterval = TimeSpan.FromSeconds(10), MaxEntries = 0, Retries = 99 }.Validate();
        foreach (var key in new[] { "Jitter", "MaxBadLineShare", "RequestTimeout", "DefaultInterval", "MaxEntries", "Retries" })
        {
            Assert.Contains(problems, p => p.StartsWith("EdgeBlocker:Sync:" + key + ":", StringComparison.Ordinal));
        }
    }
}
