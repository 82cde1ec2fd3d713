namespace EdgeBlocker.Storage.Lists;

/// <summary>Raised after a list change is committed, so the host can rebuild the screening snapshot.</summary>
public sealed class ListChangedEventArgs(string listName, string action) : EventArgs
{
    public string ListName { get; } = listName;

    /// <summary>The audit action, e.g. <c>list.replace</c>.</summary>
    public string Action { get; } = action;
}
