namespace EdgeBlocker.Sip;

/// <summary>The first reason a message is malformed: parsing goes on after it so that the message is filled as far as
/// possible (a 400 copies Via, From, To, Call-ID and CSeq, RFC 3261 §8.2.6.1).</summary>
internal struct ParseErrors
{
    public string? Error { get; private set; }

    public int Status { get; private set; }

    public readonly bool HasError => Error is not null;

    /// <summary>Records <paramref name="error"/> unless an earlier one is already recorded.</summary>
    public void Add(string error, int status = 400)
    {
        if (Error is null)
        {
            Error = error;
            Status = status;
        }
    }
}
