using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Sync;

namespace EdgeBlocker.Hosting;

/// <summary>Every setting of the service, read and validated at start.</summary>
/// <param name="Proxy">SIP settings.</param>
/// <param name="Screening">Screening settings as configured.</param>
/// <param name="Storage">Where data lives and how long records are kept.</param>
/// <param name="Writer">How call records are queued and batched.</param>
/// <param name="Sync">How feeds are fetched, checked and scheduled.</param>
public sealed record ServiceConfiguration(ProxySettings Proxy, ScreeningOptions Screening, StorageOptions Storage, CallRecordWriterOptions Writer, SyncOptions Sync)
{
    /// <summary>The fingerprint of what the config list is made from (<see cref="ConfigListSource.Fingerprint"/>).</summary>
    public byte[] ConfigSource { get; init; } = [];
}
