namespace EdgeBlocker.Web.Tests;

/// <summary>
/// Tests that measure the service over minutes (the soak) run after the others, alone: a browser or another service
/// sharing the two cores would stall sipp and the box for reasons that say nothing about the box.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
