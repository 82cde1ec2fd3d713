using System.Globalization;
using System.Text.RegularExpressions;
using EdgeBlocker.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeBlocker.IntegrationTests.Packaging;

/// <summary>
/// The .deb files: lintian finds no errors in either, and the amd64 one installs into a throwaway Debian 12 root, runs
/// there, keeps settings and data across an upgrade and a remove, and leaves nothing behind when purged.
/// </summary>
[Collection(PackagingSuite.Name)]
public partial class DebianPackageTests(PackageBuild build, ITestOutputHelper log)
{
    /// <summary>The goal for `systemd-analyze security` (0 is best, 10 worst); the unit's measured figure is logged.</summary>
    private const double SecurityGoal = 2.5;

    [Fact]
    public async Task Lintian_reports_no_errors_in_either_package()
    {
        build.AssertBuilt();
        var lintian = await ShellCommand.RunAsync("lintian", ["--tag-display-limit", "0", build.Deb("amd64"), build.Deb("arm64")], TimeSpan.FromMinutes(5));

        var errors = lintian.Output.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0 && lintian.Succeeded, $"lintian errors:\n{lintian}");
        log.WriteLine(lintian.Output);
    }

    [Fact]
    public async Task Amd64_package_installs_runs_upgrades_removes_and_purges_without_a_trace()
    {
        build.AssertBuilt();
        var deb = build.Deb("amd64");
        var depends = await ShellCommand.RunAsync("dpkg-deb", ["-f", deb, "Depends"], TimeSpan.FromSeconds(30));
        Assert.True(depends.Succeeded, depends.ToString());
        // The dependencies come from the cached root, so the install itself needs no network; systemd for verify.
        var packages = depends.Output.Split(',').Select(d => d.Trim().Split(' ', '|')[0]).Where(p => p.Length > 0).Append("systemd");
        await using var root = await DebianRoot.CreateAsync(packages);
        var before = root.Files();
        File.Copy(deb, root.HostPath("/tmp/edgeblocker.deb"));

        await AssertRunsAsync(root, "dpkg", "-i", "/tmp/edgeblocker.deb");
        foreach (var path in new[] { "/usr/lib/edgeblocker/edgeblocker", "/etc/edgeblocker/appsettings.json", "/lib/systemd/system/edgeblocker.service", "/etc/systemd/system/multi-user.target.wants/edgeblocker.service", "/usr/lib/sysctl.d/60-edgeblocker.conf" })
        {
            Assert.True(Path.Exists(root.HostPath(path)), $"{path} is not installed");
        }
        Assert.Equal("../lib/edgeblocker/edgeblocker", new FileInfo(root.HostPath("/usr/bin/edgeblocker")).LinkTarget);
        Assert.Contains("net.core.rmem_max = 4194304", await File.ReadAllTextAsync(root.HostPath("/usr/lib/sysctl.d/60-edgeblocker.conf")), StringComparison.Ordinal);
        Assert.Equal("750 edgeblocker:edgeblocker", await root.StatAsync("/var/lib/edgeblocker"));
        var user = await root.RunAsync("getent", "passwd", "edgeblocker");
        Assert.True(user.Succeeded && user.Output.Contains("/usr/sbin/nologin", StringComparison.Ordinal), user.ToString());

        var version = await root.RunWithProcAsync(null, "edgeblocker", "--version");
        Assert.True(version.Succeeded, version.ToString());
        Assert.Equal($"edgeblocker {build.Version}", version.Output.Trim());

        // The installed settings (/etc/edgeblocker) as the service user: the data directory is where it writes.
        var add = await root.RunWithProcAsync("edgeblocker", "sh", "-c", "cd /var/lib/edgeblocker && edgeblocker add +15551230001 --list manual && edgeblocker check +15551230001");
        Assert.True(add.ExitCode == 1, $"expected `check` to say blocked (exit 1):\n{add}");
        Assert.True(File.Exists(root.HostPath("/var/lib/edgeblocker/edgeblocker.db")), $"no database in /var/lib/edgeblocker:\n{add}");

        await AssertUnitAsync(root);

        // Upgrade (the same package again): the admin's settings and the data stay.
        var settings = root.HostPath("/etc/edgeblocker/appsettings.json");
        await File.WriteAllTextAsync(settings, (await File.ReadAllTextAsync(settings)).Replace("\"Port\": 5060", "\"Port\": 5070", StringComparison.Ordinal));
        await AssertRunsAsync(root, "dpkg", "-i", "/tmp/edgeblocker.deb");
        Assert.Contains("\"Port\": 5070", await File.ReadAllTextAsync(settings), StringComparison.Ordinal);
        Assert.True(File.Exists(root.HostPath("/var/lib/edgeblocker/edgeblocker.db")), "the upgrade lost the database");

        // Remove: the program goes, settings and data stay.
        await AssertRunsAsync(root, "dpkg", "--remove", "edgeblocker");
        Assert.False(Path.Exists(root.HostPath("/usr/lib/edgeblocker")), "remove left /usr/lib/edgeblocker");
        Assert.True(File.Exists(settings), "remove deleted the settings");
        Assert.True(File.Exists(root.HostPath("/var/lib/edgeblocker/edgeblocker.db")), "remove deleted the data");

        // Purge: nothing of the package is left; only dpkg's own records and the kept system user changed.
        await AssertRunsAsync(root, "dpkg", "--purge", "edgeblocker");
        File.Delete(root.HostPath("/tmp/edgeblocker.deb"));
        var after = root.Files();
        var added = after.Except(before).Where(p => !IsBookkeeping(p)).ToList();
        var removed = before.Except(after).Where(p => !IsBookkeeping(p)).ToList();
        Assert.True(added.Count == 0, "left behind after purge:\n" + string.Join('\n', added));
        Assert.True(removed.Count == 0, "purge removed what was not the package's:\n" + string.Join('\n', removed));
        var owned = await root.RunAsync("find", "/", "-xdev", "-user", "edgeblocker");
        Assert.True(owned.Succeeded && owned.Output.Trim().Length == 0, $"files of the edgeblocker user remain:\n{owned}");
        // Kept on purge, as Debian does for system users (packaging/README.md says why).
        Assert.True((await root.RunAsync("getent", "passwd", "edgeblocker")).Succeeded, "the system user was removed");
    }

    /// <summary>systemd-analyze on the installed unit: verify is clean, the security exposure within the goal.</summary>
    private async Task AssertUnitAsync(DebianRoot root)
    {
        var verify = await ShellCommand.RunAsync("systemd-analyze", ["verify", $"--root={root.Path}", "edgeblocker.service"], TimeSpan.FromMinutes(1));
        Assert.True(verify.Succeeded && verify.Output.Trim().Length == 0, $"systemd-analyze verify:\n{verify}");

        var security = await ShellCommand.RunAsync("systemd-analyze", ["security", "--offline=true", $"--root={root.Path}", "--no-pager", "edgeblocker.service"], TimeSpan.FromMinutes(1));
        var match = ExposurePattern().Match(security.Output);
        Assert.True(match.Success, $"no exposure level in:\n{security}");
        var exposure = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        log.WriteLine($"systemd-analyze security: {exposure:0.0}");
        Assert.True(exposure <= SecurityGoal, $"exposure {exposure} is over the goal {SecurityGoal}:\n{security}");
    }

    private static async Task AssertRunsAsync(DebianRoot root, params string[] command)
    {
        var result = await root.RunAsync(command);
        Assert.True(result.Succeeded, result.ToString());
    }

    /// <summary>What any package install changes: dpkg's and debconf's records, logs, the backups of the user and group
    /// databases (the system user is kept on purge), adduser's lock file, and systemd's stamp of its last unit load
    /// (seen once in a fresh root after the test's systemd and mount tools ran; /run is emptied at boot, and the
    /// package has nothing there).</summary>
    private static bool IsBookkeeping(string path) =>
        path is "run/adduser" or "run/systemd/systemd-units-load" or "var/run/systemd/systemd-units-load" ||
        path.StartsWith("var/lib/dpkg/", StringComparison.Ordinal) ||
        path.StartsWith("var/cache/debconf/", StringComparison.Ordinal) ||
        path.StartsWith("var/log/", StringComparison.Ordinal) ||
        path is "etc/passwd-" or "etc/group-" or "etc/shadow-" or "etc/gshadow-" or "etc/subuid" or "etc/subgid" or "etc/subuid-" or "etc/subgid-";

    [GeneratedRegex(@"Overall exposure level for edgeblocker\.service: ([0-9.]+)")]
    private static partial Regex ExposurePattern();
}
