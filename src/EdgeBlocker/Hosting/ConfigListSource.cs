using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeBlocker.Hosting;

/// <summary>
/// A fingerprint of what the read-only list <c>config</c> is made from: <c>BlockedNumbers</c>, the bytes of
/// <c>BlockedNumbersFile</c>, the default region and this build. Parsing and sorting a million-line file took about
/// half a second of every start; hashing its bytes takes a few tens of milliseconds. The fingerprint of the last source
/// stored is kept beside the database (a hint, so that an unchanged file is not parsed at all) and in the config list
/// itself (the truth: a database restored from elsewhere does not match, and the file is read after all).
/// </summary>
public static class ConfigListSource
{
    /// <summary>The hint's file name in the data directory.</summary>
    public const string HintFile = "config-list.source";

    public static byte[] Fingerprint(ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var build = typeof(ConfigListSource).Assembly.ManifestModule.ModuleVersionId; // new parsing rules come with a new build
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"config-list 1\n{build}\n{options.DefaultRegion}\n{options.BlockedNumbers.Count}\n")));
        foreach (var number in options.BlockedNumbers)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(number + "\n"));
        }

        if (!string.IsNullOrWhiteSpace(options.BlockedNumbersFile))
        {
            AppendFile(hash, options.BlockedNumbersFile);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Whether the hint in <paramref name="dataDirectory"/> says this source was stored last (false when there is none).</summary>
    public static bool WasStoredLast(string dataDirectory, byte[] fingerprint)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dataDirectory, HintFile)).Trim() == Convert.ToHexString(fingerprint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes the hint; a failure only costs the next start a read of the file.</summary>
    public static void RememberStored(string dataDirectory, byte[] fingerprint)
    {
        try
        {
            File.WriteAllText(Path.Combine(dataDirectory, HintFile), Convert.ToHexString(fingerprint) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not needed for correctness: the list in the database carries the fingerprint too.
        }
    }

    private static void AppendFile(IncrementalHash hash, string path)
    {
        using var stream = BlocklistLoader.OpenFile(path);
        var buffer = new byte[64 * 1024];
        for (var read = BlocklistLoader.Read(stream, buffer, path); read > 0; read = BlocklistLoader.Read(stream, buffer, path))
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}
