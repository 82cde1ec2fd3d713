using System.Runtime.InteropServices;
using SharpFuzz;

namespace EdgeBlocker.Fuzz;

/// <summary>
/// <c>EdgeBlocker.Fuzz TARGET</c>: the fork server afl-fuzz drives (one input per iteration on standard input);
/// <c>EdgeBlocker.Fuzz TARGET --replay PATH...</c>: runs files, or every file in directories, through the target without
/// afl-fuzz and says which ones fail, and how (triage of crashes and hangs).
/// </summary>
internal static class Program
{
    private const int CoverageMapSize = 65536;

    private static int Main(string[] args)
    {
        var name = args.Length > 0 ? args[0] : string.Empty;
        if (!FuzzTargets.Names.Contains(name) || (args.Length > 1 && (args[1] != "--replay" || args.Length == 2)))
        {
            Console.Error.WriteLine($"usage: EdgeBlocker.Fuzz TARGET [--replay PATH...]   (targets: {string.Join(", ", FuzzTargets.Names)})");
            return 2;
        }

        if (args.Length > 1)
        {
            GiveInstrumentationAMap();
            return Replay.Run(FuzzTargets.Create(name)!, args[2..], Console.Out);
        }

        // Instrumented code writes to afl's coverage map, which exists only once Fuzzer.Run has attached it: the target
        // (whose constructor already runs instrumented code) is made inside the first iteration.
        IFuzzTarget? target = null;
        Fuzzer.Run(stream =>
        {
            target ??= FuzzTargets.Create(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            target.Run(copy.ToArray());
        });
        return 0;
    }

    /// <summary>Outside afl-fuzz, instrumented assemblies (the published copy run-fuzz.sh makes) still write their
    /// coverage somewhere: a map of afl's size that nobody reads. Harmless for uninstrumented ones.</summary>
    private static unsafe void GiveInstrumentationAMap() =>
        SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(CoverageMapSize);
}
