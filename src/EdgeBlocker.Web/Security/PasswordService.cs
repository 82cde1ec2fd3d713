using System.Security.Cryptography;
using System.Text;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Credentials;
using Microsoft.AspNetCore.Identity;

namespace EdgeBlocker.Web.Security;

/// <summary>
/// The admin password: hashed with the framework's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, 100,000
/// iterations, 128-bit salt, versioned format), stored in the database. There is no default password.
/// </summary>
public sealed class PasswordService
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinimumLength = 8;

    private const string User = "admin";
    private readonly PasswordHasher<string> _hasher = new();
    private readonly CredentialStore _credentials;

    public PasswordService(EdgeBlockerDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _credentials = database.Credentials;
    }

    public bool HasPassword => _credentials.HasPassword();

    /// <summary>Why a new password is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? password, string? confirmation) =>
        string.IsNullOrEmpty(password) || password.Length < MinimumLength ? $"the password needs at least {MinimumLength} characters"
        : password != confirmation ? "the two passwords differ"
        : null;

    /// <summary>The stored form of a password (the CLI hashes on its side and sends only this).</summary>
    public static string Hash(string password) => new PasswordHasher<string>().HashPassword(User, password);

    /// <summary>Whether text looks like a hash this service made (format marker 0x01: PBKDF2 with its parameters).</summary>
    public static bool IsHash(string text)
    {
        Span<byte> buffer = stackalloc byte[128];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= 61 && buffer[0] == 0x01;
    }

    /// <summary>Sets the password from its hash, audited.</summary>
    public StorageResult SetHash(string hash, ChangeContext who) => _credentials.SetPasswordHash(hash, who);

    /// <summary>Checks a password against the stored hash; false when none is stored.</summary>
    public bool Verify(string password)
    {
        var hash = _credentials.PasswordHash();
        return hash is not null && _hasher.VerifyHashedPassword(User, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>A short fingerprint of the stored hash, put in the login cookie: changing the password ends every other session.</summary>
    public string Stamp() => StampOf(_credentials.PasswordHash());

    public static string StampOf(string? hash) =>
        hash is null ? string.Empty : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(hash)), 0, 8);
}
