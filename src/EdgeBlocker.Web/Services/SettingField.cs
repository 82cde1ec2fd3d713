namespace EdgeBlocker.Web.Services;

/// <summary>A setting the page edits: its configuration key, a label, the values it may take, and a line of help.</summary>
/// <param name="Choices">The allowed values for a drop-down, or empty for free text.</param>
/// <param name="Default">The value the service uses when the key is not configured.</param>
/// <param name="Restart">Whether the running service keeps the old value until it is restarted.</param>
public sealed record SettingField(string Key, string Label, IReadOnlyList<string> Choices, string Help, string Default = "", bool Restart = true)
{
    /// <summary>The form field name: the key with <c>:</c> as <c>__</c> (as environment variables write it).</summary>
    public string FormName => Key.Replace(":", "__", StringComparison.Ordinal);
}
