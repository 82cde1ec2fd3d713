using System.Globalization;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Hosting;

/// <summary>Builds the configured list policy, reporting bad entries with their key or file line.</summary>
public static class BlocklistLoader
{
    public static ConfiguredListPolicy Load(ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var response = ParseResponse(options.Response);
        var blocked = new HashSet<ulong>();
        for (var i = 0; i < options.BlockedNumbers.Count; i++)
        {
            if (!PhoneNumber.TryParse(options.BlockedNumbers[i], out var number))
            {
                throw new StartupException($"{ScreeningOptions.SectionName}:BlockedNumbers:{i}: '{options.BlockedNumbers[i]}' is not a phone number (use E.164, e.g. +15551230001)");
            }

            blocked.Add(number);
        }

        if (!string.IsNullOrWhiteSpace(options.BlockedNumbersFile))
        {
            LoadFile(options.BlockedNumbersFile, blocked);
        }

        return new ConfiguredListPolicy(blocked, options.NeverBlock, response);
    }

    public static BlockResponse ParseResponse(string? text) => text?.Trim() switch
    {
        "603+" or null or "" => BlockResponse.NetworkBlocked603Plus,
        "603" => BlockResponse.Decline603,
        "607" => BlockResponse.Unwanted607,
        "608" => BlockResponse.Rejected608,
        _ => throw new StartupException($"{ScreeningOptions.SectionName}:Response: '{text}' must be 603+, 603, 607 or 608"),
    };

    private static void LoadFile(string path, HashSet<ulong> blocked)
    {
        const string Key = ScreeningOptions.SectionName + ":BlockedNumbersFile";
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"{Key}: cannot read '{path}': {e.Message}", e);
        }

        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (!PhoneNumber.TryParse(line.ToString(), out var number))
            {
                throw new StartupException(string.Create(CultureInfo.InvariantCulture, $"{Key}: '{path}' line {lineNumber}: '{line}' is not a phone number"));
            }

            blocked.Add(number);
        }
    }
}
