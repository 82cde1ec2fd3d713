namespace EdgeBlocker.Sip.Tests;

public class SipMethodsTests
{
    [Theory]
    [InlineData("INVITE", SipMethod.Invite)]
    [InlineData("REFER", SipMethod.Refer)]
    [InlineData("invite", SipMethod.Extension)]     // RFC 3261 §7.1: methods are case-sensitive
    [InlineData("RE%47IST%45R", SipMethod.Extension)]
    [InlineData("NEWMETHOD", SipMethod.Extension)]
    [InlineData("IN VITE", SipMethod.None)]
    [InlineData("", SipMethod.None)]
    public void Tokens_classify_case_sensitively(string token, SipMethod method)
    {
        Assert.Equal(method, SipMethods.Classify(Msg.Bytes(token)));
    }

    [Fact]
    public void Every_known_method_name_classifies_back()
    {
        foreach (var method in Enum.GetValues<SipMethod>().Where(m => m is not (SipMethod.None or SipMethod.Extension)))
        {
            Assert.Equal(method, SipMethods.Classify(SipMethods.Name(method)));
        }

        Assert.True(SipMethods.Name(SipMethod.Extension).IsEmpty);
    }
}
