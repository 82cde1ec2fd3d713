using EdgeBlocker.Hosting;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Sync;

namespace EdgeBlocker.Cli;

/// <summary>
/// What a CLI command works on: the database, the screening engine and the settings, whether the command runs in
/// the CLI's own process (service stopped) or inside the service (through the control socket).
/// </summary>
/// <param name="Database">The open database.</param>
/// <param name="Engine">The engine the check command asks; the service's own when it runs there.</param>
/// <param name="Reload">Rebuilds the engine's snapshot after a change, so the next call sees it at once.</param>
/// <param name="Screening">Screening settings (default response, region).</param>
/// <param name="Time">The clock.</param>
/// <param name="Who">Who makes changes, for the audit log.</param>
/// <param name="Files">Files the client sent with the command (import), by the path given on its command line.</param>
/// <param name="Sync">Subscriptions, syncs and uploads: the one write path for whole lists.</param>
/// <param name="InService">Whether the command runs inside the running service (through the control socket).</param>
public sealed record AdminContext(
    EdgeBlockerDatabase Database,
    ScreeningEngine Engine,
    Action Reload,
    ScreeningOptions Screening,
    TimeProvider Time,
    ChangeContext Who,
    IReadOnlyDictionary<string, string> Files,
    ListSyncService Sync,
    bool InService = false);
