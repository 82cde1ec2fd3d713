using System.Globalization;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Hosting;

/// <summary>Builds the read-only list <c>config</c> from configuration, reporting bad entries with their key or file line.</summary>
public static class BlocklistLoader
{
    /// <summary>The name of the list made from <c>EdgeBlocker:Screening:BlockedNumbers</c> and <c>BlockedNumbersFile</c>.</summary>
    public const string ConfigList = "config";

    private const string FileKey = ScreeningOptions.SectionName + ":BlockedNumbersFile";

    /// <summary>The configured numbers (<c>BlockedNumbers</c> and <c>BlockedNumbersFile</c>) as E.164 numbers.</summary>
    public static List<long> ReadConfigNumbers(ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var normalizer = new PhoneNumberNormalizer(options.DefaultRegion);
        var numbers = new List<long>(options.BlockedNumbers.Count);
        for (var i = 0; i < options.BlockedNumbers.Count; i++)
        {
            if (!normalizer.TryNormalize(options.BlockedNumbers[i], out var number))
            {
                throw new StartupException($"{ScreeningOptions.SectionName}:BlockedNumbers:{i}: '{options.BlockedNumbers[i]}' is not a phone number (use E.164, e.g. +15551230001)");
            }

            numbers.Add((long)number);
        }

        if (!string.IsNullOrWhiteSpace(options.BlockedNumbersFile))
        {
            ReadFile(options.BlockedNumbersFile, normalizer, numbers);
        }

        return numbers;
    }

    public static BlockResponse ParseResponse(string? text) => text?.Trim() switch
    {
        "603+" or null or "" => BlockResponse.NetworkBlocked603Plus,
        "603" => BlockResponse.Decline603,
        "607" => BlockResponse.Unwanted607,
        "608" => BlockResponse.Rejected608,
        _ => throw new StartupException($"{ScreeningOptions.SectionName}:Response: '{text}' must be 603+, 603, 607 or 608"),
    };

    public static ResponseCode ToResponseCode(BlockResponse response) => response switch
    {
        BlockResponse.Unwanted607 => ResponseCode.Unwanted607,
        BlockResponse.Rejected608 => ResponseCode.Rejected608,
        BlockResponse.Decline603 => ResponseCode.Decline603,
        _ => ResponseCode.NetworkBlocked603Plus,
    };

    /// <summary>
    /// Reads the file as bytes, a buffer at a time, and normalises each line from its bytes: no string per line, so a
    /// 1M-line file is read in a small fraction of the start-up budget. Blank lines and <c>#</c> comments are skipped,
    /// a UTF-8 byte order mark is ignored, and the first bad line stops the start with its number.
    /// </summary>
    private static void ReadFile(string path, PhoneNumberNormalizer normalizer, List<long> numbers)
    {
        using (var stream = OpenFile(path))
        {
            var buffer = new byte[64 * 1024];
            var filled = 0;
            var lineNumber = 0;
            var inLongComment = false; // a comment line longer than the buffer, skipped to its end
            var first = true;
            while (true)
            {
                var read = Read(stream, buffer.AsSpan(filled), path);
                filled += read;
                var rest = buffer.AsSpan(0, filled);
                if (first && rest.StartsWith("\uFEFF"u8))
                {
                    rest = rest[3..];
                }

                first = false;
                for (var end = rest.IndexOf((byte)'\n'); end >= 0; end = rest.IndexOf((byte)'\n'))
                {
                    lineNumber++;
                    if (!inLongComment)
                    {
                        AddLine(rest[..end], lineNumber, path, normalizer, numbers);
                    }

                    inLongComment = false;
                    rest = rest[(end + 1)..];
                }

                if (read == 0)
                {
                    if (!rest.IsEmpty && !inLongComment)
                    {
                        AddLine(rest, lineNumber + 1, path, normalizer, numbers); // the last line, without a newline
                    }

                    return;
                }

                if (rest.Length == buffer.Length)
                {
                    // A whole buffer without a newline: only a comment may be that long.
                    if (!inLongComment && !rest.TrimStart(" \t"u8).StartsWith("#"u8))
                    {
                        throw BadLine(path, lineNumber + 1, rest[..64]);
                    }

                    inLongComment = true;
                    filled = 0;
                    continue;
                }

                rest.CopyTo(buffer); // the unfinished line to the front (CopyTo allows the overlap)
                filled = rest.Length;
            }
        }
    }

    /// <summary>Opens <c>BlockedNumbersFile</c> for one sequential read; failures stop the start naming the key.</summary>
    internal static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"{FileKey}: cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads from a stream <see cref="OpenFile"/> opened; failures stop the start naming the key.</summary>
    internal static int Read(FileStream stream, Span<byte> into, string path)
    {
        try
        {
            return stream.Read(into);
        }
        catch (IOException e)
        {
            throw new StartupException($"{FileKey}: cannot read '{path}': {e.Message}", e);
        }
    }

    private static void AddLine(ReadOnlySpan<byte> line, int lineNumber, string path, PhoneNumberNormalizer normalizer, List<long> numbers)
    {
        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty || line[0] == (byte)'#')
        {
            return;
        }

        if (normalizer.Normalize(line, out var number) != CallerFact.Number)
        {
            throw BadLine(path, lineNumber, line);
        }

        numbers.Add((long)number);
    }

    private static StartupException BadLine(string path, int lineNumber, ReadOnlySpan<byte> line) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{FileKey}: '{path}' line {lineNumber}: '{System.Text.Encoding.UTF8.GetString(line)}' is not a phone number"));
}
