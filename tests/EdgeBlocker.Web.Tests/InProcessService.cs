using EdgeBlocker.Hosting;
using EdgeBlocker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace EdgeBlocker.Web.Tests;

/// <summary>The service built in the test's process (<see cref="ServiceHost.Build"/>) on loopback ports, simulated LEDs.</summary>
internal static class InProcessService
{
    public static IHost Build(string dataDirectory, int webPort, params string[] more) => ServiceHost.Build([
        "--EdgeBlocker:Sip:BindAddress=127.0.0.1", $"--EdgeBlocker:Sip:Port={Ports.Next()}", $"--EdgeBlocker:DataDirectory={dataDirectory}",
        $"--EdgeBlocker:Web:Urls=http://127.0.0.1:{webPort}", "--Logging:LogLevel:Default=Warning",
        "--EdgeBlocker:Sip:HealthInterval=00:00:00", "--EdgeBlocker:Indicators:Driver=simulated", .. more]);
}
