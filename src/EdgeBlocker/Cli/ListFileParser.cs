using System.Globalization;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Cli;

/// <summary>
/// Reads a list file for import: plain (one number or prefix per line, <c>#</c> comments) or CSV with a header row
/// (<c>value</c> or <c>number</c>, and optionally <c>kind</c>, <c>reason</c>, <c>action</c>, <c>response</c>,
/// <c>expires_at</c>). Every line is validated; the first bad one is reported with its number and nothing is imported.
/// </summary>
public sealed class ListFileParser
{
    private readonly PhoneNumberNormalizer _normalizer;
    private readonly string _defaultResponse;
    private SnapshotBuilder? _check;

    public ListFileParser(PhoneNumberNormalizer normalizer, string defaultResponse)
    {
        _normalizer = normalizer;
        _defaultResponse = defaultResponse;
    }

    public (List<ListEntry> Entries, string? Error) Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<ListEntry>();
        string[]? header = null;
        var lineNumber = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            if (header is null && entries.Count == 0 && IsHeader(text))
            {
                header = [.. CsvLine.Split(text).Select(h => h.Trim().ToLowerInvariant())];
                if (!header.Contains("value") && !header.Contains("number"))
                {
                    return ([], $"line {lineNumber}: the CSV header needs a 'value' or 'number' column");
                }

                continue;
            }

            var (entry, error) = header is null ? ParseValue(text, null, null, ListActions.Block, _defaultResponse, null) : ParseCsv(header, text);
            if (error is not null)
            {
                return ([], $"line {lineNumber}: {error}");
            }

            entries.Add(entry!);
        }

        return (entries, null);
    }

    private (ListEntry? Entry, string? Error) ParseCsv(string[] header, string line)
    {
        var cells = CsvLine.Split(line);
        string? Cell(string name)
        {
            var i = Array.IndexOf(header, name);
            return i >= 0 && i < cells.Count && cells[i].Trim().Length > 0 ? cells[i].Trim() : null;
        }

        var value = Cell("value") ?? Cell("number");
        if (value is null)
        {
            return (null, "no value");
        }

        DateTimeOffset? expires = null;
        if (Cell("expires_at") is { } e)
        {
            if (!DateTimeOffset.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                return (null, $"'{e}' is not a time (ISO 8601)");
            }

            expires = t;
        }

        return ParseValue(value, Cell("kind"), Cell("reason"), Cell("action") ?? ListActions.Block, Cell("response") ?? _defaultResponse, expires);
    }

    /// <summary>A CSV header: words only (no digits), one of them naming the value column.</summary>
    private static bool IsHeader(string line) =>
        CsvLine.Split(line).Select(c => c.Trim().ToLowerInvariant()) is var cells
        && cells.All(c => c.Length > 0 && c.All(ch => char.IsAsciiLetterLower(ch) || ch == '_'))
        && cells.Any(c => c is "value" or "number");

    /// <summary>
    /// The kind a value is when none is given: a prefix when it ends in <c>*</c> or is too short to be a whole number
    /// (<c>+1202555</c>), else an exact number.
    /// </summary>
    public string KindOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.EndsWith('*'))
        {
            return ListEntryKinds.Prefix;
        }

        var digits = value.TrimStart('+');
        if (digits.Length is 0 or > 15 || !digits.All(char.IsAsciiDigit))
        {
            return ListEntryKinds.Exact;
        }

        // A North American number is +1 and ten digits: anything shorter after +1 is a prefix (+1202555).
        var shortNanp = value.StartsWith("+1", StringComparison.Ordinal) && digits.Length < 11;
        return shortNanp || !_normalizer.TryNormalize(value, out _) ? ListEntryKinds.Prefix : ListEntryKinds.Exact;
    }

    /// <summary>Validates one value of a kind: numbers are normalised to E.164, prefixes to digits.</summary>
    public (ListEntry? Entry, string? Error) ParseValue(string value, string? kind, string? reason, string action, string response, DateTimeOffset? expires)
    {
        ArgumentNullException.ThrowIfNull(value);
        kind ??= KindOf(value);
        if (!ListActions.IsAction(action))
        {
            return (null, $"'{action}' is not an action (block, allow or tag)");
        }

        if (!ListActions.IsResponse(response))
        {
            return (null, $"'{response}' is not a response (603+, 603, 607 or 608)");
        }

        switch (kind)
        {
            case ListEntryKinds.Exact or ListEntryKinds.Dno:
                if (!_normalizer.TryNormalize(value, out var number))
                {
                    return (null, $"'{value}' is not a phone number");
                }

                return (new ListEntry { Kind = kind, Number = (long)number, Value = "+" + number.ToString(CultureInfo.InvariantCulture), Reason = reason, Action = action, Response = response, ExpiresAt = expires }, null);
            case ListEntryKinds.Prefix:
                var digits = value.TrimStart('+').TrimEnd('*');
                if (digits.Length is 0 or > 15 || !digits.All(char.IsAsciiDigit))
                {
                    return (null, $"'{value}' is not a prefix (E.164 digits, e.g. +1202555)");
                }

                return (new ListEntry { Kind = kind, Value = digits, Reason = reason, Action = action, Response = response, ExpiresAt = expires }, null);
            default:
                if (Hosting.SnapshotLoader.ToKind(kind) is not { } ruleKind)
                {
                    return (null, $"'{kind}' is not a rule kind");
                }

                // The engine's own validation, so that a pattern it would skip at load is refused here instead.
                _check ??= new SnapshotBuilder(new ScreeningSettings());
                if (_check.Add(new RuleDefinition(0, "check", ruleKind, value, Hosting.SnapshotLoader.ToAction(action))) is { } error)
                {
                    return (null, error.Message);
                }

                return (new ListEntry { Kind = kind, Value = value, Reason = reason, Action = action, Response = response, ExpiresAt = expires }, null);
        }
    }
}
