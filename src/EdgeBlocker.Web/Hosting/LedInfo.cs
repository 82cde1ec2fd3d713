namespace EdgeBlocker.Web.Hosting;

/// <summary>One LED: its name, BCM pin, whether it is lit now, and its pattern (on, off, slow-blink, fast-blink, blink-code-N, flash).</summary>
public sealed record LedInfo(string Name, int Pin, bool On, string Pattern);
