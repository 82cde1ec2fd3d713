namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// How to start the host: <c>dotnet edgeblocker.dll</c> built by the solution (the default), or another build such as
/// the published linux-arm64 executable under qemu. The settings' arguments follow <see cref="Arguments"/>.
/// </summary>
/// <param name="FileName">The program to run.</param>
/// <param name="Arguments">Its leading arguments.</param>
/// <param name="Environment">Extra environment variables for this build (e.g. DOTNET_EnableWriteXorExecute=0 under qemu).</param>
public sealed record HostCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The host built by the solution: <c>dotnet edgeblocker.dll</c>.</summary>
    public static HostCommand Dotnet { get; } = new("dotnet", [ServiceProcess.HostDll], new Dictionary<string, string>());
}
