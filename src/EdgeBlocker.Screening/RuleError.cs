namespace EdgeBlocker.Screening;

/// <summary>A rule the builder refused, and why. The rest of the snapshot is built without it.</summary>
/// <param name="RuleId">The definition's id (0 for entries added by number).</param>
/// <param name="List">The rule's list.</param>
/// <param name="Pattern">The pattern as given.</param>
/// <param name="Message">What is wrong, in words an admin can act on.</param>
public sealed record RuleError(long RuleId, string List, string Pattern, string Message);
