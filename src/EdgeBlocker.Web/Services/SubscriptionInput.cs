namespace EdgeBlocker.Web.Services;

/// <summary>A subscription as a form or API request gives it.</summary>
/// <param name="Format">plain, csv or json.</param>
/// <param name="Role">block, allow or dno.</param>
/// <param name="Interval">How often to sync: 6h, 30m, 1d (default 6h).</param>
/// <param name="PublicKeyPem">An ECDSA P-256 public key (PEM): the feed's detached signature at URL + .sig must verify.</param>
public sealed record SubscriptionInput(
    string? Name,
    string? Url,
    string? Format = "plain",
    string? Role = "block",
    string? Interval = "6h",
    bool Enabled = true,
    string? Description = null,
    string? PublicKeyPem = null);
