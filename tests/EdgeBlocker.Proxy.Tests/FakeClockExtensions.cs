using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Proxy.Tests;

internal static class FakeClockExtensions
{
    /// <summary>Advances in 50 ms steps: a single big jump would fire a re-armed timer only once.</summary>
    public static void Run(this FakeTimeProvider clock, TimeSpan span)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += step)
        {
            clock.Advance(span - elapsed < step ? span - elapsed : step);
        }
    }
}
