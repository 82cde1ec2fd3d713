using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeBlocker.Storage;
using EdgeBlocker.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace EdgeBlocker.Web.Services;

/// <summary>
/// Settings changed on the page: validated exactly as at start, kept in <c>DATA_DIRECTORY/web-settings.json</c> (a
/// configuration layer above the shipped and <c>/etc</c> files, below environment variables and the command line),
/// and audited. They apply at the next start: the running service keeps its configuration.
/// </summary>
public sealed class SettingsService
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "web-settings.json";

    /// <summary>The settings-store key whose audited changes record every save.</summary>
    public const string AuditKey = "web.settings";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly IConfiguration _running;
    private readonly ISettingsValidator _validator;
    private readonly EdgeBlockerDatabase _database;
    private readonly Lock _saving = new();

    public SettingsService(IConfiguration running, ISettingsValidator validator, EdgeBlockerDatabase database)
    {
        _running = running;
        _validator = validator;
        _database = database;
    }

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    private string FilePath => PathIn(_database.Options.DataDirectory);

    /// <summary>The value the service runs with, as the page shows it (peers as lines).</summary>
    public string Running(string key) =>
        key == SettingsCatalog.PeersKey ? PeersText(_running.GetSection(key))
        : _running[key] is { Length: > 0 } value ? value
        : SettingsCatalog.Fields.FirstOrDefault(f => f.Key == key)?.Default ?? string.Empty;

    /// <summary>The saved overrides (flat keys), empty when none were saved.</summary>
    public IReadOnlyDictionary<string, string> Saved()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(FilePath)) ?? [] : [];
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>The value saved for the next start (the running one when nothing was saved).</summary>
    public string Pending(string key)
    {
        var saved = Saved();
        if (key != SettingsCatalog.PeersKey)
        {
            return saved.TryGetValue(key, out var value) ? value : Running(key);
        }

        var peers = saved.Where(kv => kv.Key.StartsWith(key + ":", StringComparison.Ordinal)).ToList();
        return peers.Count == 0 ? Running(key) : PeersText(new ConfigurationBuilder().AddInMemoryCollection(peers!).Build().GetSection(key));
    }

    /// <summary>Keys whose saved value differs from the running one: a restart applies them.</summary>
    public IReadOnlyList<string> RestartNeeded() =>
        [.. SettingsCatalog.Fields.Where(f => Normalise(Pending(f.Key)) != Normalise(Running(f.Key))).Select(f => f.Key)];

    /// <summary>Validates and saves the values given (by key); returns the problems, each naming its key, or none when saved.</summary>
    public IReadOnlyList<string> Save(IReadOnlyDictionary<string, string?> values, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_saving)
        {
            var overrides = new Dictionary<string, string>(Saved(), StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var field in SettingsCatalog.Fields)
            {
                if (!values.TryGetValue(field.Key, out var given) || given is null)
                {
                    continue;
                }

                given = given.Trim();
                if (field.Choices.Count > 0 && !field.Choices.Contains(given))
                {
                    problems.Add($"{field.Key}: '{given}' is not one of {string.Join(", ", field.Choices)}");
                    continue;
                }

                if (field.Key == SettingsCatalog.PeersKey)
                {
                    ApplyPeers(given, overrides, problems);
                }
                else if (given == Running(field.Key))
                {
                    overrides.Remove(field.Key);
                }
                else
                {
                    overrides[field.Key] = given;
                }
            }

            if (problems.Count == 0)
            {
                problems.AddRange(_validator.Validate(overrides));
            }

            if (problems.Count > 0)
            {
                return problems;
            }

            var json = JsonSerializer.Serialize(new SortedDictionary<string, string>(overrides, StringComparer.Ordinal), Indented);
            var stored = _database.Settings.SetJson(AuditKey, json, who);
            if (!stored.Succeeded)
            {
                return [stored.Error ?? "the settings could not be stored"];
            }

            WriteAtomically(json);
            return [];
        }
    }

    private void ApplyPeers(string text, Dictionary<string, string> overrides, List<string> problems)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var peers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ', '\t').Where(p => p.Length > 0).ToArray();
            if (parts.Length != 3)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SettingsCatalog.PeersKey}: line {i + 1}: write NAME ADDRESS[,ADDRESS...] URI"));
                return;
            }

            var prefix = string.Create(CultureInfo.InvariantCulture, $"{SettingsCatalog.PeersKey}:{i}:");
            peers[prefix + "Name"] = parts[0];
            var addresses = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var a = 0; a < addresses.Length; a++)
            {
                peers[prefix + "Addresses:" + a.ToString(CultureInfo.InvariantCulture)] = addresses[a];
            }

            peers[prefix + "Uri"] = parts[2];
        }

        foreach (var key in overrides.Keys.Where(k => k.StartsWith(SettingsCatalog.PeersKey + ":", StringComparison.Ordinal)).ToList())
        {
            overrides.Remove(key);
        }

        if (Normalise(text) != Normalise(Running(SettingsCatalog.PeersKey)))
        {
            foreach (var (key, value) in peers)
            {
                overrides[key] = value;
            }
        }
    }

    private void WriteAtomically(string json)
    {
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, json, new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    private static string PeersText(IConfigurationSection peers) =>
        string.Join('\n', peers.GetChildren().OrderBy(p => int.TryParse(p.Key, out var n) ? n : int.MaxValue).Select(p =>
            $"{p["Name"]} {string.Join(',', p.GetSection("Addresses").GetChildren().Select(a => a.Value))} {p["Uri"]}"));

    private static string Normalise(string text) => string.Join('\n', text.Split('\n').Select(l => string.Join(' ', l.Split(' ', '\t', '\r').Where(p => p.Length > 0))).Where(l => l.Length > 0));
}
