using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeBlocker.Hosting;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Cli;

/// <summary>
/// Runs CLI commands inside the service, so that the CLI never opens the database the service holds and every change
/// is screened from at once. One JSON request line in, one JSON response line out, per connection; commands run one
/// at a time.
/// </summary>
public sealed partial class ControlServer : BackgroundService
{
    private const int MaxRequestBytes = 64 * 1024 * 1024;

    private readonly EdgeBlockerDatabase _database;
    private readonly ScreeningEngine _engine;
    private readonly SnapshotLoader _loader;
    private readonly ListSyncService _sync;
    private readonly ServiceConfiguration _config;
    private readonly TimeProvider _time;
    private readonly ILogger<ControlServer> _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Socket? _listener;

    public ControlServer(EdgeBlockerDatabase database, ScreeningEngine engine, SnapshotLoader loader, ListSyncService sync, ServiceConfiguration config, TimeProvider time, ILogger<ControlServer> logger)
    {
        _sync = sync;
        _database = database;
        _engine = engine;
        _loader = loader;
        _config = config;
        _time = time;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var path = ControlSocket.PathIn(_config.Storage.DataDirectory);
        File.Delete(path); // a socket file left by a killed service; we hold the database lock, so it is ours
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        }

        _listener.Listen(16);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            _ = ServeAsync(client, stoppingToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 64 * 1024, leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        ControlResponse response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await reader.ReadLineAsync(timeout.Token);
            var request = line is { Length: < MaxRequestBytes } ? JsonSerializer.Deserialize<ControlRequest>(line) : null;
            response = request is null ? new ControlResponse(2, string.Empty, "edgeblocker: bad control request\n") : await RunAsync(request, stoppingToken);
        }
        catch (Exception e) when (e is JsonException or IOException or OperationCanceledException)
        {
            response = new ControlResponse(2, string.Empty, "edgeblocker: bad control request: " + e.Message + "\n");
        }

        try
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(response));
            await writer.FlushAsync(stoppingToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            LogReplyFailed(e.Message);
        }
    }

    private async Task<ControlResponse> RunAsync(ControlRequest request, CancellationToken stoppingToken)
    {
        await _oneAtATime.WaitAsync(stoppingToken);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var context = new AdminContext(_database, _engine, () => _loader.Reload(), _config.Screening, _time, new ChangeContext("cli:" + request.User, "local"), request.Files, _sync, InService: true);
            var exit = await new CommandLineApp(context, output, error).RunAsync(request.Args, stoppingToken);
            return new ControlResponse(exit, output.ToString(), error.ToString());
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        _oneAtATime.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control reply failed: {Error}")]
    private partial void LogReplyFailed(string error);
}
