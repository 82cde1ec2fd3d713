using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace EdgeBlocker.Hosting;

/// <summary>Places optional JSON files among the configuration sources at the priority the README promises.</summary>
public static class ConfigurationLayers
{
    /// <summary>
    /// Adds an optional JSON file by absolute path just above the last file source so far (the shipped
    /// <c>appsettings*.json</c>, then <c>/etc</c>): it overrides those files, and environment variables and the command
    /// line, which come later, override it. The file provider is the file's own directory: the content root's provider
    /// cannot see a file outside it.
    /// </summary>
    public static void AddJsonFileAboveFiles(this IConfigurationManager configuration, string path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var above = configuration.Sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
        configuration.AddJsonFile(Path.GetFullPath(path), optional: true, reloadOnChange: false);
        var source = configuration.Sources[^1];
        configuration.Sources.RemoveAt(configuration.Sources.Count - 1);
        configuration.Sources.Insert(above + 1, source);
    }
}
