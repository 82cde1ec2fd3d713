using System.Text;

namespace EdgeBlocker.Screening.Tests;

public class PhoneNumberNormalizerTests
{
    [Theory]
    // US default region: what US carriers send.
    [InlineData("US", "2125550123", 12125550123UL)]
    [InlineData("US", "12125550123", 12125550123UL)]
    [InlineData("US", "+12125550123", 12125550123UL)]
    [InlineData("US", "+1 (212) 555-0123", 12125550123UL)]
    [InlineData("US", "(212) 555-0123", 12125550123UL)]
    [InlineData("US", "212.555.0123", 12125550123UL)]
    [InlineData("US", "1-212-555-0123", 12125550123UL)]
    [InlineData("US", "%2B12125550123", 12125550123UL)]
    [InlineData("US", "%2b12125550123", 12125550123UL)]
    [InlineData("US", "+12125550123;npdi;rn=+12125559999", 12125550123UL)]
    [InlineData("US", "tel:+1-212-555-0123;phone-context=example.com", 12125550123UL)]
    [InlineData("US", "sip:+12125550123@carrier.example;user=phone", 12125550123UL)]
    [InlineData("US", "sips:2125550123@10.0.0.5:5061", 12125550123UL)]
    [InlineData("US", "011 44 20 7946 0958", 442079460958UL)]
    [InlineData("US", "0044 20 7946 0958", 442079460958UL)]
    [InlineData("US", "+44 20 7946 0958", 442079460958UL)]
    [InlineData("US", "+49 30 1234567", 49301234567UL)]
    [InlineData("US", "+52 55 1234 5678", 525512345678UL)]
    [InlineData("US", "1-800-FLOWERS", 18003569377UL)]
    [InlineData("CA", "416-555-0123", 14165550123UL)]
    // UK: national trunk prefix 0, international prefix 00.
    [InlineData("GB", "020 7946 0958", 442079460958UL)]
    [InlineData("GB", "07911 123456", 447911123456UL)]
    [InlineData("GB", "0113 496 0000", 441134960000UL)]
    [InlineData("GB", "00 1 212 555 0123", 12125550123UL)]
    [InlineData("GB", "+1 212 555 0123", 12125550123UL)]
    [InlineData("GB", "sip:+442079460958@gw.example", 442079460958UL)]
    // Germany.
    [InlineData("DE", "030 1234567", 49301234567UL)]
    [InlineData("DE", "0049 30 1234567", 49301234567UL)]
    [InlineData("DE", "089/12345678", 498912345678UL)]
    // Mexico: 10-digit national numbers.
    [InlineData("MX", "55 1234 5678", 525512345678UL)]
    [InlineData("MX", "+52 55 1234 5678", 525512345678UL)]
    [InlineData("MX", "00 1 212 555 0123", 12125550123UL)]
    public void Normalises_real_world_formats_to_E164(string region, string user, ulong expected)
    {
        var normalizer = new PhoneNumberNormalizer(region);
        Assert.Equal(CallerFact.Number, normalizer.Normalize(Encoding.UTF8.GetBytes(user), out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("Anonymous")]
    [InlineData("RESTRICTED")]
    [InlineData("unavailable")]
    [InlineData("Private")]
    [InlineData("withheld")]
    [InlineData("unknown")]
    [InlineData("sip:anonymous@anonymous.invalid")]
    [InlineData("anonymous;tag=1")]
    public void Withheld_callers_are_anonymous(string user)
    {
        Assert.Equal(CallerFact.Anonymous, new PhoneNumberNormalizer("US").Normalize(Encoding.UTF8.GetBytes(user), out var e164));
        Assert.Equal(0UL, e164);
    }

    [Theory]
    [InlineData("US", "bob")]
    [InlineData("US", "12345")]
    [InlineData("US", "555-1234")]
    [InlineData("US", "+0123456789")]
    [InlineData("US", "+1234567890123456")]
    [InlineData("US", "12125550123x#")]
    [InlineData("GB", "020 79")]
    public void Other_user_parts_are_unparseable_not_errors(string region, string user)
    {
        Assert.Equal(CallerFact.Unparseable, new PhoneNumberNormalizer(region).Normalize(Encoding.UTF8.GetBytes(user), out var e164));
        Assert.Equal(0UL, e164);
    }

    [Fact]
    public void An_unknown_region_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PhoneNumberNormalizer("XX"));
    }

    [Fact]
    public void The_NANP_fast_path_allocates_nothing()
    {
        var normalizer = new PhoneNumberNormalizer("US");
        byte[][] users = ["sip:+1-212-555-0123@gw.example;user=phone"u8.ToArray(), "2125550123"u8.ToArray(), "anonymous"u8.ToArray(), "bob"u8.ToArray()];
        foreach (var user in users)
        {
            normalizer.Normalize(user, out _);
        }

        ulong sum = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var user in users)
            {
                normalizer.Normalize(user, out var e164);
                sum += e164;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2 * 1000 * 12125550123UL, sum);
    }
}
