using System.Runtime.InteropServices;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>
/// Asks Linux for a short scheduler time slice for the calling thread (<c>sched_setattr</c> with <c>sched_runtime</c>,
/// honoured for ordinary threads from Linux 6.12): a thread with a shorter slice than the running one preempts it on
/// wake-up.
/// </summary>
/// <remarks>
/// DESIGN: the SIP receive threads sleep in <c>recvfrom</c> and run for tens of microseconds a datagram. Other threads
/// of the process (the record writer's batches, the JIT compiling hot code optimised, a web query) run for
/// milliseconds on the same core of a small board, and the kernel lets a running thread finish its slice (1.4 ms here)
/// before a woken one of the same slice runs. Measured at 200 blocked calls a second on one core, in the first 20 s
/// after start (four runs each, alternating): INVITE→607 p99 497–1,075 µs with about 50 calls a run over 400 µs, and
/// with the receive thread's slice at 100 µs, 221–267 µs with 9–20. Lowering the record writer's priority instead
/// (nice 10) did not help: a slice's length is the same whatever the weight. Older kernels accept the call and keep
/// their own slice; nothing else changes, and the thread's policy and nice value are kept.
/// </remarks>
internal static class SchedulerSlice
{
    /// <summary>The shortest slice Linux grants (it clamps requests to 0.1–100 ms).</summary>
    public static readonly TimeSpan Short = TimeSpan.FromMicroseconds(100);

    /// <summary>
    /// Requests <paramref name="slice"/> for the calling thread; true when the kernel reports it back (false off Linux,
    /// on a kernel without custom slices, or where the call is refused).
    /// </summary>
    public static bool TryRequest(TimeSpan slice)
    {
        if (!OperatingSystem.IsLinux() || Numbers() is not (long get, long set))
        {
            return false;
        }

        try
        {
            var attr = new SchedAttr { Size = (uint)Marshal.SizeOf<SchedAttr>() };
            if (sched_attr(get, 0, ref attr, attr.Size, 0) != 0)
            {
                return false;
            }

            // Policy, nice value and the rest as they are; only the requested slice changes.
            var wanted = (ulong)(slice.Ticks * 100);
            attr.Runtime = wanted;
            attr.Flags = 0;
            if (sched_attr(set, 0, ref attr, 0, 0) != 0 || sched_attr(get, 0, ref attr, attr.Size, 0) != 0)
            {
                return false;
            }

            return attr.Runtime == wanted;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>sched_getattr and sched_setattr on this architecture (C libraries before glibc 2.41 have no wrapper).</summary>
    private static (long Get, long Set)? Numbers() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (315, 314),
        Architecture.Arm64 => (275, 274),
        Architecture.Arm => (381, 380),
        _ => null,
    };

    /// <summary>struct sched_attr, first version (48 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }

    // sched_getattr(pid, attr, size, flags) and sched_setattr(pid, attr, flags) through syscall(2): the set call's
    // third argument is its flags (0), and the fourth is ignored.
    [DllImport("libc", EntryPoint = "syscall", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern long sched_attr(long number, int pid, ref SchedAttr attr, uint sizeOrFlags, uint flags);
}
