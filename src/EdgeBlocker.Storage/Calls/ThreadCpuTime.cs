using System.Runtime.InteropServices;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// CPU time used by the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>). The writer's share of a
/// core is counted in it: on a busy board a batch's wall time includes the time other threads ran, and a writer
/// that rested by wall time got far less than its share and fell behind.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether <see cref="Now"/> reads the thread's CPU clock (false off Linux, or where the call fails).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>The calling thread's CPU time so far; null where <see cref="Available"/> is false.</summary>
    public static TimeSpan? Now() => Available && TryRead(out var used) ? used : null;

    private static bool TryRead(out TimeSpan used)
    {
        used = TimeSpan.Zero;
        try
        {
            if (clock_gettime(ClockThreadCpuTimeId, out var ts) != 0)
            {
                return false;
            }

            used = TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100));
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_gettime(int clockId, out Timespec value);
}
