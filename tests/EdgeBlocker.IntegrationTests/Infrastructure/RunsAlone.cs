namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>Tests that load both cores (floods) run after the others, alone: other tests' timers would suffer from
/// the load, which says nothing about the box.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
