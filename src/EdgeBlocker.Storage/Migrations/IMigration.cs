using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>One numbered, forward-only schema change. Runs inside a transaction together with the version bump.</summary>
internal interface IMigration
{
    /// <summary>The schema version this migration produces: 1, 2, 3... without gaps.</summary>
    int Number { get; }

    string Description { get; }

    void Apply(LiteDatabase db);
}
