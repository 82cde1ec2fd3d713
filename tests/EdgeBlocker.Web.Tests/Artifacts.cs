namespace EdgeBlocker.Web.Tests;

/// <summary>Where browser tests leave screenshots and downloads: artifacts/test-results/screenshots in the repository.</summary>
public static class Artifacts
{
    public static string Screenshots { get; } = Create();

    private static string Create()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdgeBlocker.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", "test-results", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
