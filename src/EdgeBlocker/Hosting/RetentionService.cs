using EdgeBlocker.Storage.Calls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>Applies call-record retention (days and count) once an hour, and once shortly after start.</summary>
public sealed partial class RetentionService : BackgroundService
{
    private readonly CallRecordStore _calls;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionService> _logger;

    public RetentionService(CallRecordStore calls, TimeProvider time, ILogger<RetentionService> logger)
    {
        _calls = calls;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromHours(1);
            try
            {
                var result = _calls.ApplyRetention();
                LogApplied(result.DeletedByAge, result.DeletedByCount, result.Remaining);
            }
            catch (IOException e)
            {
                // The database could not be opened again after a failed write (a full disk): the next hour tries
                // again; a background service that throws would stop the host, and screening with it.
                LogFailed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call record retention: {ByAge} deleted by age, {ByCount} by count, {Remaining} kept")]
    private partial void LogApplied(long byAge, long byCount, long remaining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call record retention failed; it runs again in an hour: {Error}")]
    private partial void LogFailed(string error);
}
