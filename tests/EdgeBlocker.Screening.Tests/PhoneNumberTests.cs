using System.Text;

namespace EdgeBlocker.Screening.Tests;

/// <summary>The allocation-free NANP reader the host uses keeps its semantics.</summary>
public class PhoneNumberTests
{
    [Theory]
    [InlineData("2025550143", 12025550143UL)]
    [InlineData("12025550143", 12025550143UL)]
    [InlineData("+12025550143", 12025550143UL)]
    [InlineData("%2B12025550143", 12025550143UL)]
    [InlineData("(202) 555-0143", 12025550143UL)]
    [InlineData("202.555.0143", 12025550143UL)]
    [InlineData("+1-202-555-0143;npdi;rn=+12025550000", 12025550143UL)]
    [InlineData("01144207946000", 44207946000UL)]
    [InlineData("0044207946000", 44207946000UL)]
    [InlineData("+44 20 7946 000", 44207946000UL)]
    public void Reads_the_formats_carriers_send(string user, ulong expected)
    {
        Assert.True(PhoneNumber.TryParse(Encoding.ASCII.GetBytes(user), out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("Restricted")]
    [InlineData("555014")]
    [InlineData("+0123456789")]
    [InlineData("+1234567890123456")]
    [InlineData("12025550143x")]
    public void Anything_else_is_not_a_number(string user)
    {
        Assert.False(PhoneNumber.TryParse(Encoding.ASCII.GetBytes(user), out _));
    }

    [Fact]
    public void Parsing_allocates_nothing()
    {
        var user = "+1-202-555-0143"u8.ToArray();
        Assert.True(PhoneNumber.TryParse(user, out _));
        var ok = true;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ok &= PhoneNumber.TryParse(user, out _);
        }

        Assert.True(ok);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
