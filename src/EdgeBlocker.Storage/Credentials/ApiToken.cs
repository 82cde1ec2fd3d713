namespace EdgeBlocker.Storage.Credentials;

/// <summary>An API token as stored: never the secret, only its hash.</summary>
/// <param name="Id">Short public identifier, part of the token text (<c>eb_ID_SECRET</c>).</param>
/// <param name="Name">What the admin called it (<c>prometheus</c>, <c>backup-script</c>).</param>
/// <param name="Role"><c>reader</c> (read-only) or <c>admin</c>.</param>
/// <param name="SecretHash">The hash of the secret part, as the caller made it.</param>
public sealed record ApiToken(string Id, string Name, string Role, string SecretHash, DateTimeOffset CreatedAt, string CreatedBy);
