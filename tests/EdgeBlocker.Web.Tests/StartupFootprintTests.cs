using EdgeBlocker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// What start-up leaves out to stay small: the web page's data protection keys are read by the first page that needs
/// them, not at start (that read loads the XML stack and OpenSSL); the page still works once it is opened.
/// </summary>
public sealed class StartupFootprintTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgeblocker-footprint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_web_keys_are_not_read_at_start_but_by_the_first_page_that_needs_them()
    {
        var web = Ports.Next();
        var data = Path.Combine(_directory, "data");
        using var host = InProcessService.Build(data, web);

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService");
        await host.StartAsync(CancellationToken.None);
        try
        {
            var keys = Path.Combine(data, "web-keys");
            Assert.False(Directory.Exists(keys) && Directory.EnumerateFiles(keys).Any(), "a key was made or read at start");

            // The first-run page carries an antiforgery token: the keys are made on the way.
            using var http = new HttpClient();
            var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{web}/setup"), CancellationToken.None);
            Assert.Contains("__RequestVerificationToken", page, StringComparison.Ordinal);
            Assert.NotEmpty(Directory.EnumerateFiles(keys, "key-*.xml"));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
