namespace EdgeBlocker.Storage.Lists;

/// <summary>A list's description and state.</summary>
/// <param name="Name">Lower-case letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; at most 64 characters.</param>
/// <param name="ReadOnly">True only for <c>config</c>: the write path refuses to change it.</param>
/// <param name="Enabled">Disabled lists keep their entries but are left out of <see cref="ListStore.LoadActive"/>.</param>
/// <param name="EntryCount">Entries in the active version.</param>
/// <param name="Version">The active version: 1 when created, +1 with every whole-list replace.</param>
/// <param name="PreviousVersion">The version a rollback returns to, if any.</param>
public sealed record ListInfo(
    string Name,
    ListSource Source,
    string Description,
    bool ReadOnly,
    bool Enabled,
    long EntryCount,
    long Version,
    long? PreviousVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
