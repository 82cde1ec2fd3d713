namespace EdgeBlocker.Storage.Lists;

/// <summary>The attributes numbers must share to be packed together in one chunk.</summary>
internal readonly record struct NumberAttributes(string Kind, string Action, string Response, string? Reason, long? EffectiveFrom, long? ExpiresAt)
{
    public static NumberAttributes Of(ListEntry e, string kind) =>
        new(kind, e.Action, e.Response, e.Reason, e.EffectiveFrom?.UtcTicks, e.ExpiresAt?.UtcTicks);
}
