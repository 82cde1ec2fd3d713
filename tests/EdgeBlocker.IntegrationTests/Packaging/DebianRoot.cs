using System.Globalization;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests.Packaging;

/// <summary>
/// A throwaway Debian 12 root under artifacts/ (tests/tools/debian-root.sh: debootstrap once, cached as a tarball, a
/// fresh copy per test), and commands run inside it with chroot. Programs that need /proc (the .NET runtime) run in
/// a private mount and PID namespace with its own /proc, so nothing stays mounted when they end. Deleted on dispose.
/// </summary>
public sealed class DebianRoot : IAsyncDisposable
{
    private DebianRoot(string path) => Path = path;

    public string Path { get; }

    /// <summary>Makes a fresh root with <paramref name="packages"/> installed besides minbase.</summary>
    public static async Task<DebianRoot> CreateAsync(IEnumerable<string> packages)
    {
        var path = System.IO.Path.Combine(PackageBuild.RepositoryRoot, "artifacts/debian-root", "run-" + Guid.NewGuid().ToString("N")[..8]);
        var root = new DebianRoot(path);
        // The first run in a clone downloads and unpacks some 120 packages.
        var made = await ShellCommand.RunAsync(
            System.IO.Path.Combine(PackageBuild.RepositoryRoot, "tests/tools/debian-root.sh"), [path, string.Join(',', packages)], TimeSpan.FromMinutes(15));
        Assert.True(made.Succeeded, $"could not make a Debian root:\n{made}");
        return root;
    }

    /// <summary>Runs a command inside the root as root (no /proc).</summary>
    public Task<ShellCommand> RunAsync(params string[] command) =>
        ShellCommand.RunAsync("chroot", [Path, .. command], TimeSpan.FromMinutes(3));

    /// <summary>Runs a command inside the root with /proc mounted, as <paramref name="user"/> (null: root).</summary>
    public Task<ShellCommand> RunWithProcAsync(string? user, params string[] command)
    {
        string[] chroot = user is null ? ["chroot", Path] : ["chroot", $"--userspec={user}:{user}", Path];
        return ShellCommand.RunAsync("unshare", ["--mount", "--pid", "--fork", $"--mount-proc={Path}/proc", .. chroot, .. command], TimeSpan.FromMinutes(3));
    }

    /// <summary>Every path in the root (relative, sorted), for before/after comparisons.</summary>
    public SortedSet<string> Files()
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            // /dev and /proc hold what the running commands open (dev/fd is /proc/self/fd), not what a package installs.
            var relative = System.IO.Path.GetRelativePath(Path, entry);
            if (!relative.StartsWith("dev/", StringComparison.Ordinal) && !relative.StartsWith("proc/", StringComparison.Ordinal))
            {
                files.Add(relative);
            }
        }
        return files;
    }

    /// <summary>Mode and owner of a path inside the root, as stat prints them: "750 edgeblocker:edgeblocker".</summary>
    public async Task<string> StatAsync(string path)
    {
        var stat = await RunAsync("stat", "-c", "%a %U:%G", path);
        return stat.Output.Trim();
    }

    public string HostPath(string path) => System.IO.Path.Combine(Path, path.TrimStart('/'));

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the next run starts from a fresh copy anyway.
        }
        return ValueTask.CompletedTask;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Debian root {Path}");
}
