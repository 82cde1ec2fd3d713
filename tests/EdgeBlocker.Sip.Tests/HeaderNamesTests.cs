namespace EdgeBlocker.Sip.Tests;

public class HeaderNamesTests
{
    [Theory]
    [InlineData("Via", HeaderKind.Via)]
    [InlineData("vIA", HeaderKind.Via)]
    [InlineData("v", HeaderKind.Via)]
    [InlineData("V", HeaderKind.Via)]
    [InlineData("i", HeaderKind.CallId)]
    [InlineData("call-id", HeaderKind.CallId)]
    [InlineData("m", HeaderKind.Contact)]
    [InlineData("e", HeaderKind.ContentEncoding)]
    [InlineData("l", HeaderKind.ContentLength)]
    [InlineData("c", HeaderKind.ContentType)]
    [InlineData("f", HeaderKind.From)]
    [InlineData("t", HeaderKind.To)]
    [InlineData("s", HeaderKind.Subject)]
    [InlineData("k", HeaderKind.Supported)]
    [InlineData("o", HeaderKind.Event)]
    [InlineData("u", HeaderKind.AllowEvents)]
    [InlineData("y", HeaderKind.Identity)]
    [InlineData("MAX-FORWARDS", HeaderKind.MaxForwards)]
    [InlineData("p-asserted-identity", HeaderKind.PAssertedIdentity)]
    [InlineData("Record-Route", HeaderKind.RecordRoute)]
    [InlineData("C%6Fntact", HeaderKind.Unknown)]
    [InlineData("q", HeaderKind.Unknown)]
    [InlineData("X-Custom", HeaderKind.Unknown)]
    [InlineData("Vias", HeaderKind.Unknown)]
    public void Names_classify_case_insensitively_with_compact_forms(string name, HeaderKind kind)
    {
        Assert.Equal(kind, HeaderNames.Classify(Msg.Bytes(name)));
    }

    [Fact]
    public void Every_canonical_name_classifies_back_to_its_kind()
    {
        foreach (var kind in Enum.GetValues<HeaderKind>().Where(k => k != HeaderKind.Unknown))
        {
            var name = HeaderNames.Canonical(kind);
            Assert.False(name.IsEmpty, kind.ToString());
            Assert.Equal(kind, HeaderNames.Classify(name));
        }

        Assert.True(HeaderNames.Canonical(HeaderKind.Unknown).IsEmpty);
        Assert.Equal("Call-ID", System.Text.Encoding.ASCII.GetString(HeaderNames.Canonical(HeaderKind.CallId)));
    }
}
