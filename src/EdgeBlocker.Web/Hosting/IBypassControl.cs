using EdgeBlocker.Storage;

namespace EdgeBlocker.Web.Hosting;

/// <summary>Bypass (every call passes unscreened): the same switch as the button and the CLI, kept across restarts and audited.</summary>
public interface IBypassControl
{
    bool IsOn { get; }

    /// <summary>Sets bypass; an error message when it could not be stored (nothing changed then).</summary>
    string? Switch(bool bypass, ChangeContext who);
}
