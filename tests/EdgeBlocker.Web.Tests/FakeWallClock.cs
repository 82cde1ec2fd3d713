using System.Diagnostics;
using System.Globalization;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// A wall clock the test moves under a process, with libfaketime (Debian package <c>libfaketime</c>): the library is
/// preloaded into the process, which reads its offset from a file on every call (<c>FAKETIME_NO_CACHE=1</c>), and only
/// the wall clock moves (<c>FAKETIME_DONT_FAKE_MONOTONIC=1</c>), as when NTP or an admin steps a real clock.
/// It is the thread-safe build, libfaketimeMT: with the plain libfaketime.so.1 and <c>FAKETIME_NO_CACHE=1</c>, threads
/// reading the clock while another parses the file now and then get the real time (about one read in a thousand from
/// four .NET threads here), which a service with dozens of threads turns into call records and sync times off by the
/// whole offset.
/// </summary>
public sealed class FakeWallClock : IDisposable
{
    private static readonly string[] LibraryDirectories =
    [
        "/usr/lib/x86_64-linux-gnu/faketime",
        "/usr/lib/aarch64-linux-gnu/faketime",
        "/usr/lib/arm-linux-gnueabihf/faketime",
        "/usr/lib/faketime",
    ];

    private const string LibraryName = "libfaketimeMT.so.1";

    private readonly string _directory;
    private readonly string _file;

    public FakeWallClock(TimeSpan offset)
    {
        _directory = Directory.CreateTempSubdirectory("edgeblocker-clock-").FullName;
        _file = Path.Combine(_directory, "offset");
        Set(offset);
    }

    /// <summary>How far the process's wall clock is from the real one now.</summary>
    public TimeSpan Offset { get; private set; }

    /// <summary>What the process's wall clock says now.</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + Offset;

    /// <summary>The environment that puts a process on this clock.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["LD_PRELOAD"] = Library(),
        ["FAKETIME_TIMESTAMP_FILE"] = _file,
        ["FAKETIME_NO_CACHE"] = "1",
        ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
    };

    /// <summary>Steps the clock to <paramref name="offset"/> from the real time, at once (the file is replaced whole).</summary>
    public void Set(TimeSpan offset)
    {
        // libfaketime's relative form: "+N" or "-N" seconds from the real time.
        var text = (offset < TimeSpan.Zero ? "-" : "+") + ((long)offset.Duration().TotalSeconds).ToString(CultureInfo.InvariantCulture) + "\n";
        var next = _file + ".next";
        File.WriteAllText(next, text);
        File.Move(next, _file, overwrite: true);
        Offset = offset;
    }

    /// <summary>libfaketimeMT.so.1 as the package installed it (dpkg knows where), else from the known multiarch directories.</summary>
    public static string Library()
    {
        try
        {
            using var dpkg = Process.Start(new ProcessStartInfo("dpkg-query", "-L libfaketime") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var listed = dpkg.StandardOutput.ReadToEnd();
            dpkg.WaitForExit();
            var found = listed.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith("/faketime/" + LibraryName, StringComparison.Ordinal) && File.Exists(l));
            if (found is not null)
            {
                return found;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // not a Debian system: look in the usual places
        }

        var known = LibraryDirectories.Select(d => Path.Combine(d, LibraryName)).FirstOrDefault(File.Exists);
        Assert.True(known is not null, "libfaketime is not installed: run tests/tools/install-deps.sh faketime (apt package libfaketime)");
        return known!;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
