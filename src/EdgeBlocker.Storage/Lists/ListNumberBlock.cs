namespace EdgeBlocker.Storage.Lists;

/// <summary>
/// Many <c>exact</c> or <c>dno</c> entries of one list sharing the same attributes, as a sorted array of numbers: the
/// fast way to load a million numbers into the screening snapshot without a million objects.
/// </summary>
/// <param name="Numbers">E.164 numbers without <c>+</c>, ascending, no duplicates.</param>
public sealed record ListNumberBlock(
    string List,
    string Kind,
    string Action,
    string Response,
    string? Reason,
    DateTimeOffset? EffectiveFrom,
    DateTimeOffset? ExpiresAt,
    long[] Numbers);
