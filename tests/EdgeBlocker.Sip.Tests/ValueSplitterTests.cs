namespace EdgeBlocker.Sip.Tests;

public class ValueSplitterTests
{
    private static List<string> Split(string value)
    {
        var bytes = Msg.Bytes(value);
        var result = new List<string>();
        foreach (var range in SipHeaderValues.Split(bytes, new TextRange(0, bytes.Length)))
        {
            result.Add(System.Text.Encoding.UTF8.GetString(range.Of(bytes)));
        }

        return result;
    }

    [Fact]
    public void Commas_inside_quotes_and_angle_brackets_do_not_split()
    {
        Assert.Equal(
            ["\"Bell, Alexander\" <sip:a@b;x=1,2>;tag=1", "<sip:c@d>", "sip:e@f"],
            Split("\"Bell, Alexander\" <sip:a@b;x=1,2>;tag=1 ,  <sip:c@d>,\r\n sip:e@f"));
    }

    [Fact]
    public void Escaped_quote_does_not_end_the_quoted_string()
    {
        Assert.Equal(["\"a \\\", b\" <sip:x@y>", "<sip:z@w>"], Split("\"a \\\", b\" <sip:x@y>, <sip:z@w>"));
    }

    [Fact]
    public void Empty_values_are_yielded_so_callers_can_reject_them()
    {
        Assert.Equal(["a", "", "b", ""], Split("a,, b,"));
    }

    [Fact]
    public void Empty_field_yields_nothing()
    {
        Assert.Empty(Split(""));
    }
}
