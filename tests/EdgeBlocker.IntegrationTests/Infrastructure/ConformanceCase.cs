namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// One RFC 4475 / RFC 5118 torture message and what a receiver should do with it, from the fixture's index.tsv
/// (<c>name section title validity expect rfc_response note</c>). Expectations: accept, reject,
/// reject-or-liberal, no-reply, unspecified.
/// </summary>
public sealed record ConformanceCase(string Folder, string Name, string Expect, string Title)
{
    public static readonly string[] Folders = ["rfc4475", "rfc5118"];

    /// <summary>The message file in the test output.</summary>
    public string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", Folder, Name + ".dat");

    /// <summary>Every case of every folder, in index order.</summary>
    public static IReadOnlyList<ConformanceCase> All() =>
        Folders.SelectMany(Load).ToList();

    public static ConformanceCase Find(string folder, string name) =>
        Load(folder).Single(c => c.Name == name);

    private static IEnumerable<ConformanceCase> Load(string folder)
    {
        var index = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, "index.tsv");
        var rows = File.ReadAllLines(index).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        var header = rows[0];
        var name = Array.IndexOf(header, "name");
        var expect = Array.IndexOf(header, "expect");
        var title = Array.IndexOf(header, "title");
        return rows.Skip(1).Select(r => new ConformanceCase(folder, r[name], r[expect], r[title]));
    }
}
