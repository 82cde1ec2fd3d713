namespace EdgeBlocker.Storage.Tests;

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("edgeblocker-storage-").FullName;

    public string Path { get; }

    /// <summary>A data directory inside the temp directory that does not exist yet.</summary>
    public string DataDirectory => System.IO.Path.Combine(Path, "data");

    public string DatabaseFile => System.IO.Path.Combine(DataDirectory, StorageOptions.FileName);

    public StorageOptions Options(int retentionDays = 90, long maxCallRecords = 5_000_000) =>
        new() { DataDirectory = DataDirectory, RetentionDays = retentionDays, MaxCallRecords = maxCallRecords };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS cleans temp eventually.
        }
    }
}
