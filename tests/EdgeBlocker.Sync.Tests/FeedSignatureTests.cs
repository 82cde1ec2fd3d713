using System.Security.Cryptography;
using System.Text;
using EdgeBlocker.Sync.Fetching;

namespace EdgeBlocker.Sync.Tests;

public class FeedSignatureTests
{
    private static readonly byte[] Feed = Encoding.UTF8.GetBytes("+12025550143\n+13105550178\n");

    [Fact]
    public void Der_and_fixed_field_signatures_verify_raw_or_in_base64()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = FeedSignature.LoadKey(signer.ExportSubjectPublicKeyInfoPem(), out var error);
        Assert.Null(error);
        var hash = SHA256.HashData(Feed);
        var der = signer.SignData(Feed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var p1363 = signer.SignData(Feed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Assert.True(FeedSignature.Verify(key!, hash, der));
        Assert.True(FeedSignature.Verify(key!, hash, p1363));
        Assert.True(FeedSignature.Verify(key!, hash, Encoding.ASCII.GetBytes(Convert.ToBase64String(der) + "\n")));
        Assert.True(FeedSignature.Verify(key!, hash, Encoding.ASCII.GetBytes(Convert.ToBase64String(p1363))));
    }

    [Fact]
    public void An_altered_feed_a_wrong_key_or_garbage_does_not_verify()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = FeedSignature.LoadKey(signer.ExportSubjectPublicKeyInfoPem(), out _);
        using var otherKey = FeedSignature.LoadKey(other.ExportSubjectPublicKeyInfoPem(), out _);
        var signature = signer.SignData(Feed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var altered = SHA256.HashData(Encoding.UTF8.GetBytes("+12025550143\n+13105550179\n"));
        Assert.False(FeedSignature.Verify(key!, altered, signature));
        Assert.False(FeedSignature.Verify(otherKey!, SHA256.HashData(Feed), signature));
        Assert.False(FeedSignature.Verify(key!, SHA256.HashData(Feed), Encoding.ASCII.GetBytes("not a signature")));
        Assert.False(FeedSignature.Verify(key!, SHA256.HashData(Feed), [0x30, 0x02, 0x01]));
    }

    [Fact]
    public void Only_p256_public_keys_are_accepted()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Contains("P-256", FeedSignature.CheckKey(p384.ExportSubjectPublicKeyInfoPem()), StringComparison.Ordinal);
        Assert.Contains("PEM", FeedSignature.CheckKey("-----BEGIN NONSENSE-----\nAAAA\n-----END NONSENSE-----"), StringComparison.Ordinal);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Null(FeedSignature.CheckKey(p256.ExportSubjectPublicKeyInfoPem()));
    }
}
