using BenchmarkDotNet.Running;

namespace EdgeBlocker.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--web-p95", ..])
        {
            WebQueryMeasurement.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
