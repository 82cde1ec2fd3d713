using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeBlocker.Hosting;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Sync.Fetching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.Cli;

/// <summary>
/// Runs a CLI command where it belongs: in the running service, through its control socket, or here on the database
/// when the service is stopped. Either way the same <see cref="CommandLineApp"/> does the work, so the CLI never opens
/// a database the service holds.
/// </summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        // Settings may be given like the service's (--EdgeBlocker:DataDirectory=...); the rest is the command.
        var settings = args.Where(IsSetting).ToArray();
        var command = args.Where(a => !IsSetting(a)).ToArray();
        if (command is ["passwd"])
        {
            var (asked, problem) = PasswordPrompt.ToCommand(error);
            if (asked is null)
            {
                await error.WriteLineAsync("edgeblocker: " + problem);
                return 2;
            }

            command = asked;
        }
        ServiceConfiguration config;
        try
        {
            config = ServiceHost.LoadConfiguration(ServiceHost.BuildConfiguration(settings));
        }
        catch (StartupException e)
        {
            await error.WriteLineAsync("edgeblocker: " + e.Message);
            return 2;
        }

        var socket = ControlSocket.PathIn(config.Storage.DataDirectory);
        if (File.Exists(socket) && await TrySendAsync(socket, command) is { } answer)
        {
            await output.WriteAsync(answer.Output);
            await error.WriteAsync(answer.Error);
            return answer.Exit;
        }

        return await RunHereAsync(config, command, output, error);
    }

    private static bool IsSetting(string arg) => arg.StartsWith("--EdgeBlocker:", StringComparison.OrdinalIgnoreCase) || arg.StartsWith("--Logging:", StringComparison.OrdinalIgnoreCase);

    private static async Task<int> RunHereAsync(ServiceConfiguration config, string[] command, TextWriter output, TextWriter error)
    {
        EdgeBlockerDatabase database;
        try
        {
            database = EdgeBlockerDatabase.Open(config.Storage, TimeProvider.System);
        }
        catch (StorageOpenException e) when (e.Failure == StorageOpenFailure.InUse)
        {
            await error.WriteLineAsync($"edgeblocker: the service holds {e.DatabasePath} but does not answer on {ControlSocket.PathIn(config.Storage.DataDirectory)}; is it starting or stuck?");
            return 2;
        }
        catch (StorageOpenException e)
        {
            await error.WriteLineAsync("edgeblocker: " + e.Message);
            return 2;
        }

        using (database)
        {
            var engine = new ScreeningEngine(TimeProvider.System, config.Screening.ToSettings());
            var loader = new SnapshotLoader(engine, database.Lists, BlocklistLoader.ToResponseCode(BlocklistLoader.ParseResponse(config.Screening.Response)), NullLogger<SnapshotLoader>.Instance);
            loader.Reload();
            using var http = FeedHttpClient.Create(config.Sync, TimeProvider.System);
            using var sync = ListSyncRegistration.Create(database, config, loader, http, TimeProvider.System, NullLoggerFactory.Instance);
            var context = new AdminContext(database, engine, () => loader.Reload(), config.Screening, TimeProvider.System, new ChangeContext("cli:" + Environment.UserName, "local"), new Dictionary<string, string>(), sync);
            return await new CommandLineApp(context, output, error).RunAsync(command, CancellationToken.None);
        }
    }

    /// <summary>Sends the command to the service; null when nothing answers (a stale socket file), so it runs here.</summary>
    private static async Task<ControlResponse?> TrySendAsync(string path, string[] command)
    {
        var files = new Dictionary<string, string>();
        foreach (var file in CommandLineApp.FilesToSend(command))
        {
            try
            {
                files[file] = await File.ReadAllTextAsync(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ControlResponse(2, string.Empty, $"edgeblocker: cannot read '{file}': {e.Message}\n");
            }
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            return null;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await writer.WriteLineAsync(JsonSerializer.Serialize(new ControlRequest(command, files, Environment.UserName)));
        await writer.FlushAsync();
        var line = await reader.ReadLineAsync();
        return line is null ? new ControlResponse(2, string.Empty, "edgeblocker: the service closed the control connection without answering\n") : JsonSerializer.Deserialize<ControlResponse>(line);
    }
}
