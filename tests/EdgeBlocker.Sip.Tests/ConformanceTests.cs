namespace EdgeBlocker.Sip.Tests;

/// <summary>
/// Every message of RFC 4475 and RFC 5118 against the expectation in its index.tsv. Where the index leaves a choice
/// (reject-or-liberal) or a reject is the proxy's business rather than the parser's, <see cref="Decisions"/> pins down
/// what this parser does, so that a change of behaviour shows up as a failing test.
/// </summary>
public class ConformanceTests
{
    /// <summary>The parser's outcome for messages whose index expectation allows more than one, with the reason.</summary>
    private static readonly Dictionary<string, ParseStatus> Decisions = new()
    {
        // reject-or-liberal, rejected: the start line or a field cannot be read unambiguously.
        ["quotbal"] = ParseStatus.Malformed,   // unterminated quote in To: not guessed at
        ["ltgtruri"] = ParseStatus.Malformed,  // "<sip:...>" is no Request-URI
        ["lwsruri"] = ParseStatus.Malformed,   // four request-line elements
        ["lwsstart"] = ParseStatus.Malformed,  // double SP between elements
        ["trws"] = ParseStatus.Malformed,      // trailing SP: more than three elements
        // reject-or-liberal, accepted: harmless to a proxy, which forwards these fields untouched.
        ["escruri"] = ParseStatus.Complete,    // escaped headers in the Request-URI are valid URI syntax
        ["baddate"] = ParseStatus.Complete,    // Date is not interpreted
        ["regbadct"] = ParseStatus.Complete,   // Contact is not interpreted by the parser
        ["badaspec"] = ParseStatus.Complete,   // LWS inside <> is trimmed off the URI
        ["baddn"] = ParseStatus.Complete,      // an unquoted display name is everything before '<'
        ["badbranch"] = ParseStatus.Complete,  // a bare magic cookie is still a branch; transaction matching copes
        ["sdp01"] = ParseStatus.Complete,      // Accept is the UAS's business
        // reject by the index, but the proxy's job rather than a parse error.
        ["test"] = ParseStatus.Malformed,      // unspecified: no SIP-Version in the request line
    };

    public static TheoryData<string, string, string> Messages()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (set, name, expect) in Fixtures.Index())
        {
            data.Add(set, name, expect);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_parses_as_the_index_expects(string set, string name, string expect)
    {
        var bytes = Fixtures.Load(set, name);
        var (result, message) = Msg.Parse(bytes);

        if (Decisions.TryGetValue(name, out var decided))
        {
            Assert.Equal(decided, result.Status);
        }

        switch (expect)
        {
            case "accept":
                Assert.True(result.IsComplete, $"{name}: {result.Error}");
                Assert.True(message.IsRequest);
                Assert.True(message.CanBeAnswered);
                break;
            case "reject":
                Assert.Equal(ParseStatus.Malformed, result.Status);
                Assert.Equal(name == "badvers" ? 505 : 400, result.ErrorStatus);
                Assert.True(message.IsRequest);
                break;
            case "reject-or-liberal":
                Assert.NotEqual(ParseStatus.Incomplete, result.Status);
                Assert.True(Decisions.ContainsKey(name), $"{name}: decide and document the outcome");
                break;
            case "no-reply":
                Assert.False(message.IsRequest);
                break;
            case "unspecified":
                break;
            default:
                Assert.Fail($"unknown expectation {expect}");
                break;
        }
    }

    [Fact]
    public void Every_fixture_listed_in_an_index_exists()
    {
        var rows = Fixtures.Index().ToList();
        Assert.Equal(62, rows.Count);
        Assert.All(rows, row => Assert.True(File.Exists(Path.Combine(Fixtures.Root, row.Set, row.Name + ".dat")), row.Name));
    }
}
