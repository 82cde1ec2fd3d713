namespace EdgeBlocker.Sip;

/// <summary>What <see cref="HeaderLineReader.TryRead"/> found.</summary>
internal enum HeaderLineStatus : byte
{
    /// <summary>A whole header field.</summary>
    Field,
    /// <summary>The empty line that ends the header section.</summary>
    End,
    /// <summary>The field (or the empty line) has not fully arrived.</summary>
    Incomplete,
    /// <summary>A line that is no header field; <see cref="HeaderLineReader.Error"/> says why.</summary>
    Malformed,
}
