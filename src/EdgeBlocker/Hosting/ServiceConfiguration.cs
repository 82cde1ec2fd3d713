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
/// <param name="ConfigNumbers">The numbers of the read-only list <c>config</c>; null when its source is unchanged since it
/// was last stored (<see cref="ConfigListSource"/>), and not read.</param>
/// <param name="Sync">How feeds are fetched, checked and scheduled.</param>
public sealed record ServiceConfiguration(ProxySettings Proxy, ScreeningOptions Screening, StorageOptions Storage, CallRecordWriterOptions Writer, IReadOnlyList<long>? ConfigNumbers, SyncOptions Sync)
{
    /// <summary>The fingerprint of what the config list is made from (<see cref="ConfigListSource.Fingerprint"/>).</summary>
    public byte[] ConfigSource { get; init; } = [];
}
