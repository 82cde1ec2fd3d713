namespace EdgeBlocker.Indicators;

/// <summary>What the health LED shows: the state of the service as the host reports it.</summary>
public enum HealthState
{
    /// <summary>The service is not running (or is stopping): LED off.</summary>
    Down,

    /// <summary>Starting, or loading lists: slow blink.</summary>
    Starting,

    /// <summary>Screening calls: steady on.</summary>
    Screening,

    /// <summary>Bypass: every call passes unscreened: fast blink.</summary>
    Bypass,

    /// <summary>A fatal error stopped the service: the fault's blink code.</summary>
    Fault,
}
