namespace EdgeBlocker.Storage.Calls;

/// <summary>The verdict texts the dashboard statistics understand.</summary>
public static class CallVerdicts
{
    public const string Allow = "allow";
    public const string Block = "block";
    public const string Tag = "tag";

    /// <summary>True for <c>block</c> (any case): the calls counted as blocked in the statistics.</summary>
    public static bool IsBlocked(string? verdict) => string.Equals(verdict, Block, StringComparison.OrdinalIgnoreCase);
}
