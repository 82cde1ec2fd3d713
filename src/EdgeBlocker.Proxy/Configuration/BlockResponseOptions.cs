namespace EdgeBlocker.Proxy.Configuration;

/// <summary>What goes into block responses. The host binds it from <c>EdgeBlocker:Screening</c>.</summary>
public sealed class BlockResponseOptions
{
    /// <summary>How a blocked caller asks for redress, carried in the 603+ Reason header (ATIS-1000099): a <c>tel:</c> number,
    /// an <c>https://</c> URL or an e-mail address.</summary>
    public string? Redress { get; set; }

    /// <summary>The 603+ Reason header's location parameter (ATIS-1000099): where the call was blocked. Default <c>RLN</c>,
    /// the network serving the called party.</summary>
    public string RedressLocation { get; set; } = "RLN";

    /// <summary>For 608 Rejected (RFC 8688): the URL of the jCard describing who rejected the call, sent in Call-Info.</summary>
    public string? JCardUrl { get; set; }
}
