namespace EdgeBlocker.Hosting;

/// <summary>A configuration or environment problem that must stop the service at start, with a message naming the key.</summary>
public sealed class StartupException : Exception
{
    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StartupException()
    {
    }

    /// <summary>How long the health LED's blink code for this error must stay lit before the process exits.</summary>
    public TimeSpan FaultHold { get; init; }
}
