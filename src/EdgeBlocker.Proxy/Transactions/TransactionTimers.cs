namespace EdgeBlocker.Proxy.Transactions;

/// <summary>The RFC 3261 §17 timer values (Table 4), derived from T1, T2 and T4.</summary>
public sealed record TransactionTimers(TimeSpan T1, TimeSpan T2, TimeSpan T4, TimeSpan TimerC)
{
    public static readonly TransactionTimers Default = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3));

    /// <summary>Timers B, F, H and J (UDP): 64*T1, how long a transaction waits before giving up.</summary>
    public TimeSpan Timeout64T1 => T1 * 64;

    /// <summary>Timer D: 32 s or more for unreliable transports, 0 for reliable ones.</summary>
    public TimeSpan TimerD(bool reliable) => reliable ? TimeSpan.Zero : TimeSpan.FromSeconds(32) > Timeout64T1 ? Timeout64T1 : TimeSpan.FromSeconds(32);

    /// <summary>The next retransmission interval: doubled, capped at T2 (timers E and G; A is not capped).</summary>
    public TimeSpan Next(TimeSpan interval, bool capAtT2) => capAtT2 && interval * 2 > T2 ? T2 : interval * 2;
}
