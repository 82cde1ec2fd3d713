namespace EdgeBlocker.Screening.Tests;

/// <summary>
/// Tests that measure the process's live memory (<see cref="GC.GetTotalMemory(bool)"/>): run with no other test of
/// this assembly at the same time, whose objects would come and go between the two readings (a run read -1.6 bytes a
/// number once, another test's memory freed in between).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
