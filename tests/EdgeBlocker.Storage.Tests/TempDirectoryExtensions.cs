namespace EdgeBlocker.Storage.Tests;

internal static class TempDirectoryExtensions
{
    /// <summary>The database path, with its directory created, for tests that build a file by hand.</summary>
    public static string DatabaseFileCreatingDirectory(this TempDirectory dir)
    {
        Directory.CreateDirectory(dir.DataDirectory);
        return dir.DatabaseFile;
    }
}
