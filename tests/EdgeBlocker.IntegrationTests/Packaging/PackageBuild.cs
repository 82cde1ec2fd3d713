using System.Reflection;
using System.Text.RegularExpressions;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests.Packaging;

/// <summary>
/// The published builds and the .deb files, made once for the packaging tests by <c>make publish deb</c> in the
/// repository (make skips what is up to date, so a second run of the tests costs seconds).
/// </summary>
public sealed partial class PackageBuild : IAsyncLifetime
{
    public static string RepositoryRoot { get; } =
        typeof(PackageBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The package version: the host project's &lt;Version&gt;.</summary>
    public string Version { get; } = VersionPattern().Match(File.ReadAllText(Path.Combine(RepositoryRoot, "src/EdgeBlocker/EdgeBlocker.csproj"))).Groups[1].Value;

    /// <summary>What <c>make publish deb</c> printed, for failure messages.</summary>
    public ShellCommand? Make { get; private set; }

    public static string PublishDirectory(string rid) => Path.Combine(RepositoryRoot, "artifacts/publish", rid);

    public string Deb(string arch) => Path.Combine(RepositoryRoot, "artifacts", $"edgeblocker_{Version}_{arch}.deb");

    public async Task InitializeAsync()
    {
        // Two self-contained ReadyToRun publishes on a busy 2-core machine take minutes; bounded all the same.
        Make = await ShellCommand.RunAsync("make", ["-C", RepositoryRoot, "publish", "deb"], TimeSpan.FromMinutes(20));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Fails the test with make's output unless the build succeeded.</summary>
    public void AssertBuilt()
    {
        Assert.True(Make is { Succeeded: true }, $"make publish deb failed:\n{Make}");
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionPattern();
}
