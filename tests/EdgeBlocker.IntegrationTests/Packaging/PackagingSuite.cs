namespace EdgeBlocker.IntegrationTests.Packaging;

/// <summary>
/// The packaging tests share one build and run one at a time, after the other integration tests (xunit runs
/// collections that disable parallelization last): emulation and package installs are CPU-heavy and would make the
/// timing-sensitive SIP tests flaky on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingSuite : ICollectionFixture<PackageBuild>
{
    public const string Name = "Packaging";
}
