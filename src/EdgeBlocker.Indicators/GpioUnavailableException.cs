namespace EdgeBlocker.Indicators;

/// <summary>The board's GPIO cannot be opened (no chip, no libgpiod, no permission): a start-up error whose message
/// names the configuration key to look at.</summary>
public sealed class GpioUnavailableException : Exception
{
    public GpioUnavailableException(string message)
        : base(message)
    {
    }

    public GpioUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GpioUnavailableException()
    {
    }
}
