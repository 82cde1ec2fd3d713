namespace EdgeBlocker.Web.Api;

/// <summary>A setting's running value and the value saved for the next start.</summary>
public sealed record SettingValue(string Key, string Running, string Saved, bool RestartNeeded);
