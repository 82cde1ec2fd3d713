namespace EdgeBlocker.Web.Hosting;

/// <summary>
/// Checks settings saved from the page exactly as the service checks its configuration at start, so that a saved
/// setting can never stop the next start. Implemented by the host.
/// </summary>
public interface ISettingsValidator
{
    /// <summary>The problems (each naming its key) of the running configuration with <paramref name="changes"/> on top.</summary>
    IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> changes);
}
