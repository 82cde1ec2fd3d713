using EdgeBlocker.Storage;
using Microsoft.Extensions.Hosting;

namespace EdgeBlocker.Web.Services;

/// <summary>
/// Restarts the service so that settings saved on the page apply: the request is audited, then the host stops and the
/// process exits with <see cref="ExitCode"/> (75, EX_TEMPFAIL), which the systemd unit restarts
/// (<c>RestartForceExitStatus=75</c>) and <c>make run</c> starts again. Calls being set up at that moment get no
/// answer from this box and are retried by their sender (UDP retransmission); established calls are not this box's
/// state and continue.
/// </summary>
public sealed class ServiceRestart
{
    /// <summary>The exit code that asks the supervisor for a restart.</summary>
    public const int ExitCode = 75;

    /// <summary>Time for the answer to the request to reach the browser before the host stops.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    private readonly IHostApplicationLifetime _lifetime;
    private readonly EdgeBlockerDatabase _database;
    private readonly TimeProvider _time;
    private int _requested;

    public ServiceRestart(IHostApplicationLifetime lifetime, EdgeBlockerDatabase database, TimeProvider time)
    {
        _lifetime = lifetime;
        _database = database;
        _time = time;
    }

    /// <summary>Audits the request and stops the host shortly after; a second request while one is pending changes nothing.</summary>
    public StorageResult Request(ChangeContext who, IReadOnlyList<string> applying)
    {
        ArgumentNullException.ThrowIfNull(applying);
        if (Interlocked.Exchange(ref _requested, 1) == 1)
        {
            return StorageResult.Ok;
        }

        var audited = _database.Audit.Record(who, "service.restart", "service", applying.Count == 0 ? "restart" : "restart to apply " + string.Join(", ", applying));
        if (!audited.Succeeded)
        {
            Volatile.Write(ref _requested, 0);
            return audited;
        }

        Environment.ExitCode = ExitCode;
        _ = Task.Delay(Grace, _time).ContinueWith(_ => _lifetime.StopApplication(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return audited;
    }
}
