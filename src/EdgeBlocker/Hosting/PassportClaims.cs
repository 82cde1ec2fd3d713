using System.Buffers.Text;
using System.Text.Json;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Reads the STIR/SHAKEN attestation and origination id from an Identity header (RFC 8224): the PASSporT (RFC 8225,
/// SHAKEN RFC 8588) is a JWS whose payload carries <c>attest</c> and <c>origid</c>. Only read for the record; the
/// signature is not verified here.
/// </summary>
public static class PassportClaims
{
    public static (string? Attestation, string? OrigId) Read(string? identity)
    {
        if (string.IsNullOrEmpty(identity))
        {
            return (null, null);
        }

        var token = identity.AsSpan();
        var semicolon = token.IndexOf(';');
        if (semicolon >= 0)
        {
            token = token[..semicolon];
        }

        var parts = token.Trim();
        var first = parts.IndexOf('.');
        var last = parts.LastIndexOf('.');
        if (first < 0 || last <= first)
        {
            return (null, null);
        }

        var payload = parts[(first + 1)..last];
        // TryDecodeFromChars throws on characters outside the alphabet: the header comes from the network, so check first.
        var bytes = new byte[Base64Url.GetMaxDecodedLength(payload.Length)];
        if (!Base64Url.IsValid(payload) || !Base64Url.TryDecodeFromChars(payload, bytes, out var length))
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(bytes.AsMemory(0, length));
            var root = json.RootElement;
            return (Text(root, "attest"), Text(root, "origid"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
