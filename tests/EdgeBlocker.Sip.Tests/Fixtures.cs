namespace EdgeBlocker.Sip.Tests;

/// <summary>The RFC 4475 and RFC 5118 torture messages copied next to the test assembly, and their index.tsv rows.</summary>
internal static class Fixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static byte[] Load(string set, string name) => File.ReadAllBytes(Path.Combine(Root, set, name + ".dat"));

    /// <summary>(set, name, expect) for every row of both index files.</summary>
    public static IEnumerable<(string Set, string Name, string Expect)> Index()
    {
        foreach (var set in new[] { "rfc4475", "rfc5118" })
        {
            foreach (var line in File.ReadLines(Path.Combine(Root, set, "index.tsv")).Skip(1))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var columns = line.Split('\t');
                yield return (set, columns[0], columns[4]);
            }
        }
    }

    public static IEnumerable<byte[]> All() => Index().Select(row => Load(row.Set, row.Name));
}
