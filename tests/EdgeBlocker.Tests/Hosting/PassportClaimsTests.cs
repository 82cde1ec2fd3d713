using System.Text;
using EdgeBlocker.Hosting;

namespace EdgeBlocker.Tests.Hosting;

public class PassportClaimsTests
{
    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void Reads_attestation_and_origid_from_a_SHAKEN_PASSporT()
    {
        var identity = $"{B64("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"https://cert.example.org/passport.cer\"}")}.{B64("{\"attest\":\"A\",\"dest\":{\"tn\":[\"12155550131\"]},\"iat\":1443208345,\"orig\":{\"tn\":\"12155550121\"},\"origid\":\"123e4567-e89b-12d3-a456-426655440000\"}")}.c2lnbmF0dXJl;info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken";
        Assert.Equal(("A", "123e4567-e89b-12d3-a456-426655440000"), PassportClaims.Read(identity));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.!!!.c")]
    [InlineData("a.bm90IGpzb24.c")]
    public void Anything_else_gives_nothing_and_never_throws(string? identity) =>
        Assert.Equal((null, null), PassportClaims.Read(identity));
}
