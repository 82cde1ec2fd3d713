namespace EdgeBlocker.Fuzz;

/// <summary>A target's own check failed: the code returned, but with a result its contract rules out.</summary>
internal sealed class InvariantViolationException : Exception
{
    public InvariantViolationException()
    {
    }

    public InvariantViolationException(string message)
        : base(message)
    {
    }

    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
