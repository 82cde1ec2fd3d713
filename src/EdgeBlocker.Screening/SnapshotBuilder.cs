using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeBlocker.Screening;

/// <summary>
/// Builds a <see cref="ScreeningSnapshot"/> aside, while the engine keeps screening with the current one. Rules come
/// as <see cref="RuleDefinition"/>s (<see cref="Add(RuleDefinition)"/>), or, for the bulk of a large list, as numbers
/// with a shared <see cref="RuleMeta"/> (<see cref="AddExact"/>: no allocation per entry). A bad rule is refused with a
/// <see cref="RuleError"/> and the rest still builds. One builder makes one snapshot.
/// </summary>
public sealed class SnapshotBuilder
{
    private readonly ScreeningSettings _settings;
    private readonly PhoneNumberNormalizer _normalizer;
    private readonly List<RuleMeta> _metas = [];
    private readonly Dictionary<RuleMeta, int> _metaIndex = [];
    private readonly Dictionary<RuleKind, List<CompiledRule>> _rules = [];
    private readonly List<RuleError> _errors = [];
    private NanpAreaCodes? _areaCodes;
    private ulong[] _exact = new ulong[1024];
    private int _exactCount;
    private RuleMeta? _lastMeta;
    private int _lastMetaIndex;
    private int _regexCount;
    private bool _built;

    /// <param name="settings">Default region (for national-form numbers), regex cap and timeout.</param>
    /// <param name="areaCodes">NANP area codes in service, for invalid-NANP rules; computed from libphonenumber's
    /// metadata on first need when null. Pass one table to every builder to compute it once.</param>
    public SnapshotBuilder(ScreeningSettings settings, NanpAreaCodes? areaCodes = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _normalizer = new PhoneNumberNormalizer(settings.DefaultRegion);
        _areaCodes = areaCodes;
    }

    /// <summary>The rules refused so far.</summary>
    public IReadOnlyList<RuleError> Errors => _errors;

    /// <summary>Exact and DNO entries added so far.</summary>
    public int ExactCount => _exactCount;

    /// <summary>Makes room for <paramref name="count"/> exact entries in all, before streaming them in.</summary>
    public void EnsureExactCapacity(int count)
    {
        if (count > _exact.Length)
        {
            Array.Resize(ref _exact, count);
        }
    }

    /// <summary>
    /// Adds one exact or DNO number (<paramref name="meta"/>'s kind says which). Pass the same <paramref name="meta"/>
    /// instance for a whole list: it is interned once. False when the number is not a valid E.164 value, the meta is
    /// not usable (wrong kind, allow on DNO, empty window) or 16,383 distinct metas are already in use.
    /// </summary>
    public bool AddExact(ulong e164, RuleMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        if (!E164.IsValid(e164) || meta.Kind is not (RuleKind.Exact or RuleKind.DoNotOriginate))
        {
            return false;
        }

        var index = Intern(meta);
        if (index < 0)
        {
            return false;
        }

        if (_exactCount == _exact.Length)
        {
            Array.Resize(ref _exact, _exact.Length * 2);
        }

        _exact[_exactCount++] = ExactTable.Pack(e164, index);
        return true;
    }

    /// <summary>Validates and adds one rule; the error (also kept in <see cref="Errors"/>) when it is refused.</summary>
    public RuleError? Add(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var problem = Compile(rule);
        if (problem is null)
        {
            return null;
        }

        var error = new RuleError(rule.Id, rule.List ?? string.Empty, rule.Pattern ?? string.Empty, problem);
        _errors.Add(error);
        return error;
    }

    /// <summary>Adds every rule; the number refused.</summary>
    public int AddRange(IEnumerable<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var refused = 0;
        foreach (var rule in rules)
        {
            refused += Add(rule) is null ? 0 : 1;
        }

        return refused;
    }

    /// <summary>Makes the snapshot. Call once.</summary>
    public ScreeningSnapshot Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("A SnapshotBuilder builds one snapshot; make a new builder for the next.");
        }

        _built = true;
        var rules = new SnapshotRules
        {
            Prefixes = Rules(RuleKind.Prefix),
            Ranges = [.. Rules(RuleKind.Range).OrderBy(r => r.Low)],
            Peers = Rules(RuleKind.Peer),
            Sources = Rules(RuleKind.SourceAddress),
            Anonymous = Rules(RuleKind.Anonymous),
            Unparseable = Rules(RuleKind.Unparseable),
            InvalidNanp = Rules(RuleKind.InvalidNanp),
            Regexes = Rules(RuleKind.Regex),
            CallingRates = Rules(RuleKind.CallingRate),
            PeerRates = Rules(RuleKind.PeerRate),
        };
        var exact = new ExactTable(_exact.AsSpan(0, _exactCount));
        _exact = [];
        return new ScreeningSnapshot([.. _metas], exact, rules, rules.InvalidNanp.Length > 0 ? _areaCodes : null);
    }

    private CompiledRule[] Rules(RuleKind kind) => _rules.TryGetValue(kind, out var list) ? [.. list] : [];

    private string? Compile(RuleDefinition rule)
    {
        if (string.IsNullOrWhiteSpace(rule.List))
        {
            return "The rule has no list.";
        }

        if (rule.Pattern is null)
        {
            return "The rule has no pattern.";
        }

        if (!Enum.IsDefined(rule.Kind) || !Enum.IsDefined(rule.Action) || !Enum.IsDefined(rule.Response))
        {
            return "Unknown kind, action or response.";
        }

        var meta = MetaFor(rule);
        var problem = CheckMeta(meta);
        if (problem is not null)
        {
            return problem;
        }

        var pattern = rule.Pattern.Trim();
        switch (rule.Kind)
        {
            case RuleKind.Exact or RuleKind.DoNotOriginate:
                return TryNumber(pattern, out var number) && AddExact(number, meta)
                    ? null
                    : $"'{pattern}' is not a phone number (E.164 such as +15551230001, or a national number of {_settings.DefaultRegion}).";
            case RuleKind.Prefix:
                return TryDigits(pattern, out var prefix)
                    ? Keep(meta, rule, pattern, r => r with { Low = prefix })
                    : $"'{pattern}' is not an E.164 prefix (1 to 15 digits not starting with 0, '+' optional).";
            case RuleKind.Range:
                return CompileRange(meta, rule, pattern);
            case RuleKind.Peer:
                return pattern.Length > 0 ? Keep(meta, rule, pattern, r => r with { Peer = pattern }) : "A peer rule needs the peer's name.";
            case RuleKind.SourceAddress:
                return CidrBlock.TryParse(pattern, out var block)
                    ? Keep(meta, rule, pattern, r => r with { Block = block })
                    : $"'{pattern}' is not an IP address or CIDR block (203.0.113.7, 203.0.113.0/24, 2001:db8::/32).";
            case RuleKind.InvalidNanp:
                _areaCodes ??= NanpAreaCodes.FromMetadata();
                return Keep(meta, rule, pattern, r => r);
            case RuleKind.Anonymous or RuleKind.Unparseable:
                return Keep(meta, rule, pattern, r => r);
            case RuleKind.Regex:
                return CompileRegex(meta, rule, pattern);
            case RuleKind.CallingRate:
                return int.TryParse(pattern, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1
                    ? Keep(meta, rule, pattern, r => r with { Limit = limit })
                    : $"'{pattern}' is not a number of calls per minute (a whole number from 1).";
            case RuleKind.PeerRate:
                return CompilePeerRate(meta, rule, pattern);
            default:
                return "Unknown kind.";
        }
    }

    private string? CompileRange(RuleMeta meta, RuleDefinition rule, string pattern)
    {
        var dots = pattern.IndexOf("..", StringComparison.Ordinal);
        var split = dots >= 0 ? dots : pattern.IndexOf('-', StringComparison.Ordinal);
        var width = dots >= 0 ? 2 : 1;
        if (split <= 0 || (dots < 0 && pattern.IndexOf('-', split + 1) >= 0)
            || !TryNumber(pattern[..split], out var low) || !TryNumber(pattern[(split + width)..], out var high))
        {
            return $"'{pattern}' is not a number range (+15551230000..+15551239999).";
        }

        if (E164.DigitCount(low) != E164.DigitCount(high) || low > high)
        {
            return $"'{pattern}': a range's two numbers must have as many digits, the first not above the second.";
        }

        return Keep(meta, rule, pattern, r => r with { Low = low, High = high });
    }

    private string? CompileRegex(RuleMeta meta, RuleDefinition rule, string pattern)
    {
        if (_regexCount >= _settings.MaxRegexRules)
        {
            return $"More than {_settings.MaxRegexRules} regex rules ({ScreeningSettings.SectionName}:MaxRegexRules); use prefixes or ranges.";
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, _settings.RegexTimeout);
        }
        catch (ArgumentException e)
        {
            return $"'{pattern}' is not a valid regular expression: {e.Message}";
        }

        _regexCount++;
        return Keep(meta, rule, pattern, r => r with { Regex = regex });
    }

    private string? CompilePeerRate(RuleMeta meta, RuleDefinition rule, string pattern)
    {
        var equals = pattern.LastIndexOf('=');
        var peer = equals >= 0 ? pattern[..equals].Trim() : null;
        if (equals == 0 || !int.TryParse(pattern.AsSpan(equals + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            return $"'{pattern}' is not a peer rate: calls per minute for every peer (100) or for one (carrier-a=100).";
        }

        return Keep(meta, rule, pattern, r => r with { Peer = peer, Limit = limit });
    }

    private string? Keep(RuleMeta meta, RuleDefinition rule, string pattern, Func<CompiledRule, CompiledRule> shape)
    {
        var index = Intern(meta);
        if (index < 0)
        {
            return $"More than {ExactTable.MaxMeta + 1} distinct list/reason/response/time combinations.";
        }

        if (!_rules.TryGetValue(rule.Kind, out var list))
        {
            _rules[rule.Kind] = list = [];
        }

        list.Add(shape(new CompiledRule(index, pattern, rule.Id)));
        return null;
    }

    private static string? CheckMeta(RuleMeta meta)
    {
        if (meta.EffectiveFrom is { } from && meta.ExpiresAt is { } until && until <= from)
        {
            return "The rule expires before it takes effect.";
        }

        var allowable = meta.Kind is RuleKind.Exact or RuleKind.Prefix or RuleKind.Range or RuleKind.Peer or RuleKind.SourceAddress or RuleKind.Regex;
        return meta.Action == RuleAction.Allow && !allowable
            ? $"A {meta.Kind} rule cannot be an allow rule; allow by number, prefix, range, peer, address or regex."
            : null;
    }

    /// <summary>The rule's meta, reusing the previous one when a run of rules shares it (the usual case for a list),
    /// so adding a million numbers does not make a million metas.</summary>
    private RuleMeta MetaFor(RuleDefinition rule)
    {
        if (_lastMeta is { } last && last.Kind == rule.Kind && last.Action == rule.Action && last.Response == rule.Response
            && string.Equals(last.List, rule.List, StringComparison.Ordinal) && string.Equals(last.Reason, rule.Reason, StringComparison.Ordinal)
            && last.EffectiveFrom == rule.EffectiveFrom && last.ExpiresAt == rule.ExpiresAt)
        {
            return last;
        }

        return new RuleMeta(rule.List, rule.Kind, rule.Action, rule.Reason, rule.Response, rule.EffectiveFrom, rule.ExpiresAt);
    }

    private int Intern(RuleMeta meta)
    {
        if (ReferenceEquals(meta, _lastMeta))
        {
            return _lastMetaIndex;
        }

        if (CheckMeta(meta) is not null)
        {
            return -1;
        }

        if (!_metaIndex.TryGetValue(meta, out var index))
        {
            if (_metas.Count > ExactTable.MaxMeta)
            {
                return -1;
            }

            index = _metas.Count;
            _metas.Add(meta);
            _metaIndex[meta] = index;
        }

        _lastMeta = meta;
        _lastMetaIndex = index;
        return index;
    }

    /// <summary>A full number in E.164 or a national form, without allocating for short patterns.</summary>
    private bool TryNumber(string text, out ulong number)
    {
        Span<byte> bytes = stackalloc byte[64];
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length > bytes.Length || Encoding.UTF8.GetByteCount(trimmed) > bytes.Length)
        {
            number = 0;
            return false;
        }

        var length = Encoding.UTF8.GetBytes(trimmed, bytes);
        return _normalizer.Normalize(bytes[..length], out number) == CallerFact.Number;
    }

    /// <summary>E.164 digits for a prefix: optional '+', visual separators allowed, 1 to 15 digits, no leading 0.</summary>
    private static bool TryDigits(string text, out ulong value)
    {
        value = 0;
        var span = text.AsSpan().Trim();
        if (span.StartsWith('+'))
        {
            span = span[1..];
        }

        var digits = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                if (digits == 0 && c == '0')
                {
                    return false;
                }

                value = (value * 10) + (ulong)(c - '0');
                digits++;
            }
            else if (c is not ('-' or '.' or ' ' or '(' or ')'))
            {
                return false;
            }
        }

        return digits is >= 1 and <= E164.MaxDigits;
    }
}
