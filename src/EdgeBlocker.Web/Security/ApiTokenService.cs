using System.Security.Cryptography;
using System.Text;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Credentials;

namespace EdgeBlocker.Web.Security;

/// <summary>
/// API tokens for scripts: <c>eb_ID_SECRET</c>, shown once when created. Only the SHA-256 of the 256-bit random secret
/// is stored: a secret that long needs no slow hash, and every API request can check it cheaply.
/// </summary>
public sealed class ApiTokenService
{
    private const string Prefix = "eb_";
    private readonly CredentialStore _credentials;
    private readonly TimeProvider _time;

    public ApiTokenService(EdgeBlockerDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _credentials = database.Credentials;
        _time = time;
    }

    public IReadOnlyList<ApiToken> All() => _credentials.Tokens();

    /// <summary>Makes a token; returns its text (to show once) or an error.</summary>
    public (string? Text, ApiToken? Token, string? Error) Create(string? name, string? role, ChangeContext who)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return (null, null, "a token needs a name of 1 to 64 characters");
        }

        if (!WebRoles.IsRole(role))
        {
            return (null, null, $"role must be {WebRoles.Reader} or {WebRoles.Admin}");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(id, name, role!, HashSecret(secret), _time.GetUtcNow(), who?.Actor ?? "?");
        var stored = _credentials.AddToken(token, who!);
        return stored.Succeeded ? ($"{Prefix}{id}_{secret}", token, null) : (null, null, stored.Error);
    }

    public StorageResult Revoke(string id, ChangeContext who) => _credentials.RevokeToken(id, who);

    /// <summary>The stored token a presented text belongs to, or null (unknown id, wrong secret, bad format).</summary>
    public ApiToken? Validate(string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length > 200)
        {
            return null;
        }

        var rest = text[Prefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var token = _credentials.FindToken(rest[..separator]);
        if (token is null)
        {
            return null;
        }

        var presented = Encoding.ASCII.GetBytes(HashSecret(rest[(separator + 1)..]));
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(token.SecretHash)) ? token : null;
    }

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
