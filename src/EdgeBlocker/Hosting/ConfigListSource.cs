using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace EdgeBlocker.Hosting;

/// <summary>
/// A fingerprint of what the read-only list <c>config</c> is made from: <c>BlockedNumbers</c>, the bytes of
/// <c>BlockedNumbersFile</c>, the default region and this build. Parsing and sorting a million-line file took about
/// half a second of every start; hashing its bytes takes a few milliseconds. The hash is XXH128: it tells a changed
/// file from an unchanged one and need not resist forgery (whoever can write the file can change the list anyway),
/// and a cryptographic one would load OpenSSL into a process that otherwise starts without it. The fingerprint of the
/// last source stored is kept beside the database (a hint, so that an unchanged file is not parsed at all) and in the
/// config list itself (the truth: a database restored from elsewhere does not match, and the file is read after all).
/// </summary>
public static class ConfigListSource
{
    /// <summary>The hint's file name in the data directory.</summary>
    public const string HintFile = "config-list.source";

    public static byte[] Fingerprint(ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hash = new XxHash128();
        var build = typeof(ConfigListSource).Assembly.ManifestModule.ModuleVersionId; // new parsing rules come with a new build
        hash.Append(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"config-list 1\n{build}\n{options.DefaultRegion}\n{options.BlockedNumbers.Count}\n")));
        foreach (var number in options.BlockedNumbers)
        {
            hash.Append(Encoding.UTF8.GetBytes(number + "\n"));
        }

        if (!string.IsNullOrWhiteSpace(options.BlockedNumbersFile))
        {
            AppendFile(hash, options.BlockedNumbersFile);
        }

        return hash.GetCurrentHash();
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

    private static void AppendFile(XxHash128 hash, string path)
    {
        using var stream = BlocklistLoader.OpenFile(path);
        var buffer = new byte[64 * 1024];
        for (var read = BlocklistLoader.Read(stream, buffer, path); read > 0; read = BlocklistLoader.Read(stream, buffer, path))
        {
            hash.Append(buffer.AsSpan(0, read));
        }
    }
}
