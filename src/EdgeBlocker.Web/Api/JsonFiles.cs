using System.Text.Json;

namespace EdgeBlocker.Web.Api;

/// <summary>How downloaded JSON files are written: indented, camelCase like the API.</summary>
public static class JsonFiles
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
