using EdgeBlocker.Hosting;
using EdgeBlocker.IntegrationTests.Infrastructure;
using EdgeBlocker.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// The configured list file is parsed only when it changed since it was stored: a start that finds its fingerprint
/// beside the database and in it takes the stored list. Whatever the hint says, the list screening uses is the file's.
/// </summary>
public sealed class ConfigListStartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgeblocker-config-list-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string ListFile => Path.Combine(_directory, "blocked.txt");

    private string DataDirectory => Path.Combine(_directory, "data");

    private long[] StartAndReadConfigList(out long version)
    {
        using var host = InProcessService.Build(DataDirectory, Ports.Next(), $"--EdgeBlocker:Screening:BlockedNumbersFile={ListFile}");
        var lists = host.Services.GetRequiredService<EdgeBlockerDatabase>().Lists;
        version = lists.Get(BlocklistLoader.ConfigList)!.Version;
        return [.. lists.ReadEntries(BlocklistLoader.ConfigList).Select(e => e.Number).Order()];
    }

    [Fact]
    public void An_unchanged_file_keeps_the_stored_list_and_a_changed_or_unmatched_one_is_read_again()
    {
        File.WriteAllLines(ListFile, ["+12025550143", "+12025550144"]);
        Assert.Equal([12025550143L, 12025550144L], StartAndReadConfigList(out var first));
        Assert.True(File.Exists(Path.Combine(DataDirectory, ConfigListSource.HintFile)));

        // Unchanged: the same version, nothing stored again.
        Assert.Equal([12025550143L, 12025550144L], StartAndReadConfigList(out var second));
        Assert.Equal(first, second);

        // Changed: read and stored as a new version.
        File.WriteAllLines(ListFile, ["+12025550145"]);
        Assert.Equal([12025550145L], StartAndReadConfigList(out var third));
        Assert.NotEqual(second, third);

        // A database that did not come from this file (restored from elsewhere, here a new one) while the hint says
        // it did: the database is the truth, and the file is read.
        foreach (var file in Directory.GetFiles(DataDirectory, "edgeblocker*"))
        {
            File.Delete(file);
        }

        Assert.True(File.Exists(Path.Combine(DataDirectory, ConfigListSource.HintFile)));
        Assert.Equal([12025550145L], StartAndReadConfigList(out _));
    }

    [Fact]
    public void A_changed_file_with_a_bad_line_stops_the_start_even_after_a_good_one_was_stored()
    {
        File.WriteAllLines(ListFile, ["+12025550143"]);
        StartAndReadConfigList(out _);

        File.WriteAllLines(ListFile, ["+12025550143", "not a number"]);
        var e = Assert.Throws<StartupException>(() => StartAndReadConfigList(out _));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }
}
