namespace EdgeBlocker.Storage.Lists;

/// <summary>What a matching entry does, and the block responses it may ask for.</summary>
public static class ListActions
{
    public const string Block = "block";
    public const string Allow = "allow";
    public const string Tag = "tag";

    /// <summary>603 Network Blocked with the ATIS Reason header (the default).</summary>
    public const string Response603Plus = "603+";
    public const string Response603 = "603";
    public const string Response607 = "607";
    public const string Response608 = "608";

    public static bool IsAction(string action) => action is Block or Allow or Tag;

    public static bool IsResponse(string response) => response is Response603Plus or Response603 or Response607 or Response608;
}
