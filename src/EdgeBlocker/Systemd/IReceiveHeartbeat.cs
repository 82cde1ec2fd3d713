namespace EdgeBlocker.Systemd;

/// <summary>
/// A receive loop's sign of life for the <see cref="Watchdog"/>: a count that moves whenever the loop takes a message,
/// and a probe that gives the loop a message to take.
/// </summary>
public interface IReceiveHeartbeat
{
    /// <summary>Messages the loop has taken so far. Read without locks; it only has to move.</summary>
    long Progress { get; }

    /// <summary>Gives the loop one message to take (never throws; a loop that cannot take it makes no progress).</summary>
    void Probe();
}
