using System.Security.Cryptography;
using System.Text;

namespace EdgeBlocker.Sync.Fetching;

/// <summary>
/// Detached ECDSA P-256 / SHA-256 signatures of feeds. The key is PEM (SubjectPublicKeyInfo, as <c>openssl ec -pubout</c>
/// writes it); the signature file is DER (as <c>openssl dgst -sha256 -sign</c> writes it) or the 64-byte r||s form,
/// either raw or base64-encoded.
/// </summary>
public static class FeedSignature
{
    /// <summary>Signature files are tiny; anything larger is not one.</summary>
    public const int MaxSignatureBytes = 4096;

    /// <summary>Null when the PEM is a P-256 public key, else why it is not.</summary>
    public static string? CheckKey(string pem)
    {
        using var key = LoadKey(pem, out var error);
        return error;
    }

    /// <summary>The key, or null with the reason.</summary>
    public static ECDsa? LoadKey(string pem, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            error = "the public key is not a PEM ECDSA public key: " + e.Message;
            return null;
        }

        var curve = key.ExportParameters(false).Curve;
        if (key.KeySize != 256 || !(curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256"))
        {
            key.Dispose();
            error = "the public key is not on the P-256 curve";
            return null;
        }

        error = null;
        return key;
    }

    /// <summary>True when <paramref name="signature"/> signs the content whose SHA-256 is <paramref name="sha256"/>.</summary>
    public static bool Verify(ECDsa key, ReadOnlySpan<byte> sha256, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signature);
        foreach (var candidate in Decodings(signature))
        {
            if (candidate.Length == 64 && key.VerifyHash(sha256, candidate, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return true;
            }

            if (candidate.Length > 0 && candidate[0] == 0x30 && VerifyDer(key, sha256, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool VerifyDer(ECDsa key, ReadOnlySpan<byte> sha256, byte[] der)
    {
        try
        {
            return key.VerifyHash(sha256, der, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The bytes as they are, and decoded from base64 when they are base64 text.</summary>
    private static IEnumerable<byte[]> Decodings(byte[] signature)
    {
        yield return signature;
        var text = Encoding.ASCII.GetString(signature).Trim();
        var decoded = new byte[text.Length];
        if (text.Length > 0 && Convert.TryFromBase64String(text, decoded, out var written))
        {
            yield return decoded[..written];
        }
    }
}
