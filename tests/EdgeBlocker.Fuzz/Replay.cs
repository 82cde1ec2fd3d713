using System.Diagnostics;
using System.Globalization;

namespace EdgeBlocker.Fuzz;

/// <summary>Runs saved inputs (a crash, a hang, a whole corpus) through a target outside afl-fuzz.</summary>
internal static class Replay
{
    public static int Run(IFuzzTarget target, IEnumerable<string> paths, TextWriter output)
    {
        var failed = 0;
        var total = 0;
        foreach (var file in paths.SelectMany(Files))
        {
            total++;
            var input = File.ReadAllBytes(file);
            var clock = Stopwatch.StartNew();
            try
            {
                target.Run(input);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok    {clock.ElapsedMilliseconds,6} ms  {file}"));
            }
#pragma warning disable CA1031 // Replay reports every failure, whatever its type, and goes on to the next file.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed++;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAIL  {clock.ElapsedMilliseconds,6} ms  {file}"));
                output.WriteLine(e.ToString());
            }
        }

        output.WriteLine($"replay: {total - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    // afl-fuzz leaves a README.txt in its crashes and hangs directories: it is not an input.
    private static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "README.txt").Order(StringComparer.Ordinal)
            : [path];
}
