namespace EdgeBlocker.Storage.Migrations;

/// <summary>Every migration this code knows, in order. Add new ones at the end; never edit a released one.</summary>
internal static class MigrationCatalog
{
    public static IReadOnlyList<IMigration> All { get; } =
    [
        new Migration001_Initial(),
        new Migration002_CallStatistics(),
        new Migration003_Subscriptions(),
        new Migration004_CallerWeek(),
        new Migration005_DropPeerIndex(),
        new Migration006_CallNumberBlocks(),
        new Migration007_BlockTimes(),
        new Migration008_CallPages(),
        new Migration009_CallerRuns(),
    ];

    public static int Latest => All[^1].Number;
}
