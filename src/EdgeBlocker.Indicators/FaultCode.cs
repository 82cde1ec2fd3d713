namespace EdgeBlocker.Indicators;

/// <summary>
/// Fatal errors, each shown on the health LED as its number of flashes then a pause (a blink code). The numbers are
/// printed on the LED legend card and listed in the README: never renumber them.
/// </summary>
public enum FaultCode
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>1 flash: the database cannot be opened (EdgeBlocker:DataDirectory: missing disk, permissions, corrupt file).</summary>
    Database = 1,

    /// <summary>2 flashes: the lists cannot be loaded into the screening engine (EdgeBlocker:Screening).</summary>
    Lists = 2,

    /// <summary>3 flashes: the SIP port cannot be bound (EdgeBlocker:Sip:Port / BindAddress in use or not on this box).</summary>
    SipPort = 3,

    /// <summary>4 flashes: any other start-up error after the LEDs came up.</summary>
    Other = 4,
}
