namespace EdgeBlocker.Cli;

/// <summary>Where the service listens for CLI commands: a Unix socket in the data directory, reachable only by users
/// who may read the data directory (mode 0750, socket 0660).</summary>
public static class ControlSocket
{
    public const string FileName = "control.sock";

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);
}
