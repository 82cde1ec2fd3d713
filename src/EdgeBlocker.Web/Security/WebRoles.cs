namespace EdgeBlocker.Web.Security;

/// <summary>Who may do what: the admin (password login or an admin token) changes things; a reader token only reads.</summary>
public static class WebRoles
{
    public const string Admin = "admin";
    public const string Reader = "reader";

    /// <summary>The authorization policy of every change (POST, PUT, DELETE, page forms).</summary>
    public const string AdminPolicy = "admin";

    public static bool IsRole(string? role) => role is Admin or Reader;
}
