namespace EdgeBlocker.Indicators;

/// <summary>One LED as the web page shows it.</summary>
/// <param name="Name">Health, Trunk, Blocked or Sync.</param>
/// <param name="Pin">Its BCM GPIO number.</param>
/// <param name="On">Whether it is lit at this instant.</param>
/// <param name="Pattern">What it is running: off, on, slow-blink, fast-blink, blink-code-N, flash (blocked), lamp-test.</param>
public sealed record LedSnapshot(string Name, int Pin, bool On, string Pattern);
