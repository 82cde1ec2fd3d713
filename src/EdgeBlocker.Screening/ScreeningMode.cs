namespace EdgeBlocker.Screening;

/// <summary>Whether block verdicts are carried out.</summary>
public enum ScreeningMode : byte
{
    /// <summary>Block what the rules block. The default.</summary>
    Enforce,

    /// <summary>Decide and record, block nothing: a would-be block is returned as <see cref="VerdictAction.Allow"/> with
    /// <see cref="Verdict.WouldBlock"/> set. How a careful provider starts.</summary>
    Monitor,
}
