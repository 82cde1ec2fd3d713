using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using EdgeBlocker.Storage.Audit;
using LiteDB;

namespace EdgeBlocker.Storage.Lists;

/// <summary>
/// The one write path to lists and their entries, used by the CLI, the web page and sync alike. Every change is one
/// transaction that also writes its audit entry. Entries live in versioned sets (<c>list@version</c>): a whole-list
/// replace writes a new set and moves the list's active pointer in the same transaction, keeping the previous set for a
/// one-step rollback; the set before that is deleted.
/// </summary>
public sealed class ListStore
{
    /// <summary>The list mirroring <c>EdgeBlocker:Screening:BlockedNumbers</c>.</summary>
    public const string ConfigListName = "config";

    private const string ConfigReadOnlyError = "list config is read-only: edit EdgeBlocker:Screening:BlockedNumbers";

    private readonly EdgeBlockerDatabase _database;
    private long _changes;

    internal ListStore(EdgeBlockerDatabase database) => _database = database;

    /// <summary>Counts committed list changes, so that a snapshot built after the last one need not be built again.</summary>
    public long ChangeCount => Interlocked.Read(ref _changes);

    /// <summary>Raised after a list change is committed (on the thread that made it).</summary>
    public event EventHandler<ListChangedEventArgs>? Changed;

    public IReadOnlyList<ListInfo> All() =>
        _database.Read(db => (IReadOnlyList<ListInfo>)db.GetCollection(Collections.Lists).FindAll().Select(ListDocuments.ToInfo).OrderBy(l => l.Name, StringComparer.Ordinal).ToList());

    public ListInfo? Get(string name) =>
        _database.Read(db => db.GetCollection(Collections.Lists).FindById(name) is { } doc ? ListDocuments.ToInfo(doc) : null);

    /// <summary>Creates an empty list (version 1). The <c>config</c> list is made by <see cref="SyncConfigList"/> only.</summary>
    public StorageResult<ListInfo> Create(string name, ListSource source, string description, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (!IsValidName(name))
        {
            return StorageResult<ListInfo>.Fail(StorageErrorCode.Invalid, $"invalid list name '{name}': use 1-64 of a-z 0-9 . _ -");
        }

        if (source == ListSource.Config || name == ConfigListName)
        {
            return StorageResult<ListInfo>.Fail(StorageErrorCode.ReadOnly, ConfigReadOnlyError);
        }

        return Commit(name, "list.create", _database.Change(db =>
        {
            var lists = db.GetCollection(Collections.Lists);
            if (lists.FindById(name) is not null)
            {
                return StorageResult<ListInfo>.Fail(StorageErrorCode.AlreadyExists, $"list {name} exists already");
            }

            var now = _database.Time.GetUtcNow();
            var doc = ListDocuments.NewList(name, source, description ?? string.Empty, now);
            lists.Insert(doc);
            AuditLog.Write(db, now, who, "list.create", name, $"source {source}: {description}");
            return StorageResult<ListInfo>.Ok(ListDocuments.ToInfo(doc));
        }));
    }

    /// <summary>Deletes a list and all its entry sets.</summary>
    public StorageResult Delete(string name, ChangeContext who) =>
        Commit(name, "list.delete", Modify(name, who, (db, list, now) =>
        {
            DeleteWithSets(db, list);
            AuditLog.Write(db, now, who, "list.delete", name, $"{list["ac"].AsInt64} entries, version {list["av"].AsInt64}");
            return StorageResult<bool>.Ok(true);
        })).ToResult();

    /// <summary>Enables or disables a list (a disabled list stays stored but is not screened).</summary>
    public StorageResult SetEnabled(string name, bool enabled, ChangeContext who) =>
        Commit(name, "list.enable", Modify(name, who, (db, list, now) =>
        {
            list["en"] = enabled;
            Touch(db, list, now);
            AuditLog.Write(db, now, who, enabled ? "list.enable" : "list.disable", name, string.Empty);
            return StorageResult<bool>.Ok(true);
        })).ToResult();

    /// <summary>Adds one entry to the active version (replacing an entry of the same kind and value).</summary>
    public StorageResult AddEntry(string name, ListEntry entry, ChangeContext who) => AddEntries(name, [entry], who).ToResult();

    /// <summary>Adds entries to the active version in one transaction; an entry with the same kind and value is replaced. Returns how many entries were new.</summary>
    public StorageResult<long> AddEntries(string name, IEnumerable<ListEntry> entries, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Commit(name, "entry.add", Modify(name, who, (db, list, now) =>
        {
            var set = ListDocuments.Set(name, list["av"].AsInt64);
            var docs = db.GetCollection(Collections.ListEntries, BsonAutoId.ObjectId);
            var chunks = NumberChunks.Collection(db);
            long added = 0;
            var summary = new AuditSummary();
            foreach (var entry in entries)
            {
                var error = ListEntryValidator.Check(entry, out var kind, out var number, out var value);
                if (error is not null)
                {
                    return StorageResult<long>.Fail(StorageErrorCode.Invalid, error);
                }

                var key = ListEntryValidator.Key(set, kind, value);
                var existing = docs.FindOne(Filter.Eq("key", key));
                var packed = existing is null && number != 0 && NumberChunks.Remove(chunks, set, kind, number);
                var doc = ListDocuments.Entry(set, kind, value, number, entry);
                if (existing is not null)
                {
                    doc["_id"] = existing["_id"];
                    docs.Update(doc);
                }
                else
                {
                    docs.Insert(doc);
                    added += packed ? 0 : 1;
                }

                summary.Add($"{kind} {value} {entry.Action} {entry.Response}{(entry.Reason is null ? string.Empty : " (" + entry.Reason + ")")}");
            }

            list["ac"] = list["ac"].AsInt64 + added;
            Touch(db, list, now);
            AuditLog.Write(db, now, who, "entry.add", name, summary.ToString());
            return StorageResult<long>.Ok(added);
        }));
    }

    /// <summary>Removes the entry of that kind and value from the active version; NotFound when absent.</summary>
    public StorageResult RemoveEntry(string name, string kind, string value, ChangeContext who) =>
        Commit(name, "entry.remove", Modify(name, who, (db, list, now) =>
        {
            var error = ListEntryValidator.Check(new ListEntry { Kind = kind, Value = value }, out var k, out var number, out var v);
            if (error is not null)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.Invalid, error);
            }

            var set = ListDocuments.Set(name, list["av"].AsInt64);
            var removed = db.GetCollection(Collections.ListEntries).DeleteMany(Filter.Eq("key", ListEntryValidator.Key(set, k, v))) > 0
                || (number != 0 && NumberChunks.Remove(NumberChunks.Collection(db), set, k, number));
            if (!removed)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.NotFound, $"list {name} has no {k} entry {v}");
            }

            list["ac"] = list["ac"].AsInt64 - 1;
            Touch(db, list, now);
            AuditLog.Write(db, now, who, "entry.remove", name, $"{k} {v}");
            return StorageResult<bool>.Ok(true);
        })).ToResult();

    /// <summary>
    /// Replaces all entries of a list in one transaction (import, feed sync): the new version is written, then made
    /// active; the old active version becomes the rollback target and the one before it is deleted. An invalid entry
    /// (error value naming it) or an exception from <paramref name="entries"/> leaves the list as it was.
    /// Returns the new version number.
    /// </summary>
    public StorageResult<long> ReplaceEntries(string name, IEnumerable<ListEntry> entries, ChangeContext who, string? note = null)
    {
        var result = ReplaceVersion(name, entries, who, note);
        return result.Succeeded ? StorageResult<long>.Ok(result.Value!.Version) : StorageResult<long>.Fail(result.Code, result.Error!);
    }

    /// <summary>
    /// <see cref="ReplaceEntries"/> with the counts of what changed. <paramref name="accept"/>, when given, sees those
    /// counts after the new version is written and before it is committed: an error it returns rolls everything back
    /// (how sync refuses a feed with too many bad lines without a second pass over it).
    /// </summary>
    /// <param name="createAs">When given, a missing list is created with this source in the same transaction (and not at all when the replace fails).</param>
    public StorageResult<ReplaceStats> ReplaceVersion(string name, IEnumerable<ListEntry> entries, ChangeContext who, string? note = null, Func<ReplaceStats, string?>? accept = null, ListSource? createAs = null)
    {
        if (createAs is { } source && Get(name) is null)
        {
            ArgumentNullException.ThrowIfNull(who);
            if (!IsValidName(name))
            {
                return StorageResult<ReplaceStats>.Fail(StorageErrorCode.Invalid, $"invalid list name '{name}': use 1-64 of a-z 0-9 . _ -");
            }

            return Commit(name, "list.replace", _database.Change(db =>
            {
                var now = _database.Time.GetUtcNow();
                var list = ListDocuments.NewList(name, source, source == ListSource.Upload ? "imported from a file" : string.Empty, now);
                db.GetCollection(Collections.Lists).Insert(list);
                AuditLog.Write(db, now, who, "list.create", name, $"source {source}");
                return Replace(db, list, entries, who, now, note, accept);
            }));
        }

        return Commit(name, "list.replace", Modify(name, who, (db, list, now) => Replace(db, list, entries, who, now, note, accept)));
    }

    /// <summary>Makes the previous version active again (and the current one the previous: a second rollback undoes the first). Returns the now active version.</summary>
    public StorageResult<long> Rollback(string name, ChangeContext who) =>
        Commit(name, "list.rollback", Modify(name, who, (db, list, now) =>
        {
            if (list["pv"].IsNull)
            {
                return StorageResult<long>.Fail(StorageErrorCode.Invalid, $"list {name} has no previous version to roll back to");
            }

            var (active, previous) = (list["av"].AsInt64, list["pv"].AsInt64);
            var (activeCount, previousCount) = (list["ac"].AsInt64, list["pc"].AsInt64);
            list["av"] = previous;
            list["pv"] = active;
            list["ac"] = previousCount;
            list["pc"] = activeCount;
            Touch(db, list, now);
            AuditLog.Write(db, now, who, "list.rollback", name, $"version {active} ({activeCount} entries) -> version {previous} ({previousCount} entries)");
            return StorageResult<long>.Ok(previous);
        }));

    /// <summary>
    /// Makes the read-only <c>config</c> list hold exactly <paramref name="numbers"/> (E.164 without <c>+</c>), creating it if
    /// needed. Called by the host at start; writes (and audits) only when the numbers changed. The list keeps a SHA-256
    /// of its sorted numbers, so an unchanged list of a million numbers is recognised without reading it back.
    /// </summary>
    /// <remarks>
    /// <paramref name="source"/>, when given, is a fingerprint of what the numbers were read from; it is kept with the
    /// active version, and <see cref="ConfigListCameFrom"/> tells a later start that it need not read the source again.
    /// </remarks>
    public StorageResult SyncConfigList(IEnumerable<long> numbers, byte[]? source = null)
    {
        var wanted = SortedDistinct(numbers);
        var fingerprint = SHA256.HashData(MemoryMarshal.AsBytes(wanted.AsSpan()));
        var result = _database.Change(db =>
        {
            var now = _database.Time.GetUtcNow();
            var lists = db.GetCollection(Collections.Lists);
            var list = lists.FindById(ConfigListName);
            if (list is null)
            {
                list = ListDocuments.NewList(ConfigListName, ListSource.Config, "EdgeBlocker:Screening:BlockedNumbers", now);
                lists.Insert(list);
                AuditLog.Write(db, now, ChangeContext.System, "list.create", ConfigListName, "source Config");
            }
            else if (HoldsFingerprint(list, fingerprint))
            {
                if (source is not null && !CameFrom(list, source))
                {
                    SetSource(list, source);
                    lists.Update(list);
                }

                return StorageResult<bool>.Ok(false);
            }
            else if (CurrentNumbers(db, list).AsSpan().SequenceEqual(wanted))
            {
                // Stored before fingerprints were kept (or under another version): the same numbers; remember them.
                SetFingerprint(list, fingerprint);
                SetSource(list, source);
                lists.Update(list);
                return StorageResult<bool>.Ok(false);
            }

            var entries = wanted.Select(n => ListEntry.Exact(n, "configuration"));
            var result = Replace(db, list, entries, ChangeContext.System, now, "from EdgeBlocker:Screening:BlockedNumbers", null);
            if (!result.Succeeded)
            {
                return StorageResult<bool>.Fail(result.Code, result.Error!);
            }

            SetFingerprint(list, fingerprint);
            SetSource(list, source);
            lists.Update(list);
            return StorageResult<bool>.Ok(true);
        });
        return result.Value ? Commit(ConfigListName, "list.replace", result).ToResult() : result.ToResult();
    }

    /// <summary>
    /// The active entries of all enabled lists, materialised for the screening snapshot: packed numbers as sorted
    /// arrays (<see cref="ActiveListData.NumberBlocks"/>) and everything else as entries.
    /// </summary>
    public ActiveListData LoadActive() => _database.Read(db =>
    {
        var lists = db.GetCollection(Collections.Lists).FindAll().Select(ListDocuments.ToInfo).Where(l => l.Enabled)
            .OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
        var blocks = new List<ListNumberBlock>();
        var entries = new List<ListEntry>();
        foreach (var list in lists)
        {
            var set = ListDocuments.Set(list.Name, list.Version);
            blocks.AddRange(NumberChunks.ReadBlocks(db, list.Name, set));
            entries.AddRange(db.GetCollection(Collections.ListEntries).Find(Filter.Eq("set", set)).Select(d => ListDocuments.ToEntry(list.Name, d)));
        }

        return new ActiveListData(lists, blocks, entries);
    });

    /// <summary>The active entries of all enabled lists one by one (packed numbers expanded), lazily.</summary>
    public IEnumerable<ListEntry> StreamActiveEntries()
    {
        foreach (var list in All().Where(l => l.Enabled))
        {
            foreach (var entry in ReadEntries(list.Name))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The active entries of one list (for export and the web page), lazily; empty when the list does not exist.</summary>
    public IEnumerable<ListEntry> ReadEntries(string name)
    {
        if (Get(name) is not { } list)
        {
            yield break;
        }

        var set = ListDocuments.Set(name, list.Version);
        foreach (var block in _database.Read(db => NumberChunks.ReadBlocks(db, name, set).ToList()))
        {
            foreach (var number in block.Numbers)
            {
                yield return new ListEntry
                {
                    List = name,
                    Kind = block.Kind,
                    Number = number,
                    Value = ListEntryValidator.FormatNumber(number),
                    Action = block.Action,
                    Response = block.Response,
                    Reason = block.Reason,
                    EffectiveFrom = block.EffectiveFrom,
                    ExpiresAt = block.ExpiresAt,
                };
            }
        }

        // Read whole inside the read: the database may close and reopen its file (cache limit, recovery) between reads.
        foreach (var doc in _database.Read(db => db.GetCollection(Collections.ListEntries).Find(Filter.Eq("set", set)).ToList()))
        {
            yield return ListDocuments.ToEntry(name, doc);
        }
    }

    internal static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');

    private static long[] CurrentNumbers(LiteDatabase db, BsonDocument list)
    {
        var set = ListDocuments.Set(ConfigListName, list["av"].AsInt64);
        var numbers = NumberChunks.ReadBlocks(db, ConfigListName, set).SelectMany(b => b.Numbers)
            .Concat(db.GetCollection(Collections.ListEntries).Find(Filter.Eq("set", set)).Select(d => d["n"].AsInt64));
        return SortedDistinct(numbers);
    }

    /// <summary>The numbers sorted, each once: an array sort, with no per-number allocation (a million at start-up).</summary>
    private static long[] SortedDistinct(IEnumerable<long> numbers)
    {
        var sorted = numbers.ToArray();
        Array.Sort(sorted);
        var kept = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (kept == 0 || sorted[i] != sorted[kept - 1])
            {
                sorted[kept++] = sorted[i];
            }
        }

        return kept == sorted.Length ? sorted : sorted[..kept];
    }

    /// <summary>Whether the config list's active version was stored from a source with this fingerprint (<see cref="SyncConfigList"/>).</summary>
    public bool ConfigListCameFrom(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Length > 0 && _database.Read(db => db.GetCollection(Collections.Lists).FindById(ConfigListName) is { } list && CameFrom(list, source));
    }

    /// <summary>The source's fingerprint describes the active version it was stored as (fields <c>csrc</c>, <c>csrcv</c>).</summary>
    private static bool CameFrom(BsonDocument list, byte[] source) =>
        list.TryGetValue("csrc", out var stored) && stored.IsBinary && stored.AsBinary.AsSpan().SequenceEqual(source)
        && list.TryGetValue("csrcv", out var version) && version == list["av"];

    private static void SetSource(BsonDocument list, byte[]? source)
    {
        if (source is null || source.Length == 0)
        {
            list.Remove("csrc");
            list.Remove("csrcv");
            return;
        }

        list["csrc"] = source;
        list["csrcv"] = list["av"];
    }

    /// <summary>The config list's fingerprint describes its active version (fields <c>cfp</c>, <c>cfpv</c>).</summary>
    private static bool HoldsFingerprint(BsonDocument list, byte[] fingerprint) =>
        list.TryGetValue("cfp", out var stored) && stored.IsBinary && stored.AsBinary.AsSpan().SequenceEqual(fingerprint)
        && list.TryGetValue("cfpv", out var version) && version == list["av"];

    private static void SetFingerprint(BsonDocument list, byte[] fingerprint)
    {
        list["cfp"] = fingerprint;
        list["cfpv"] = list["av"];
    }

    internal static StorageResult<ReplaceStats> Replace(LiteDatabase db, BsonDocument list, IEnumerable<ListEntry> entries, ChangeContext who, DateTimeOffset now, string? note, Func<ReplaceStats, string?>? accept)
    {
        var name = list["_id"].AsString;
        var version = list["lv"].AsInt64 + 1;
        var written = new EntrySetWriter(db, ListDocuments.Set(name, version)).Write(entries);
        if (!written.Succeeded)
        {
            return StorageResult<ReplaceStats>.Fail(written.Code, written.Error!);
        }

        var (added, removed, unchanged) = EntrySetComparer.Compare(db, name, ListDocuments.Set(name, list["av"].AsInt64), ListDocuments.Set(name, version));
        var stats = new ReplaceStats(version, written.Value, added, removed, unchanged);
        if (accept?.Invoke(stats) is { } refused)
        {
            return StorageResult<ReplaceStats>.Fail(StorageErrorCode.Invalid, refused);
        }

        if (!list["pv"].IsNull)
        {
            DeleteSet(db, ListDocuments.Set(name, list["pv"].AsInt64));
        }

        var (active, activeCount) = (list["av"].AsInt64, list["ac"].AsInt64);
        list["pv"] = active;
        list["pc"] = activeCount;
        list["av"] = version;
        list["lv"] = version;
        list["ac"] = written.Value;
        Touch(db, list, now);
        AuditLog.Write(db, now, who, "list.replace", name,
            $"version {version}: {written.Value} entries, +{added} -{removed} (was version {active}: {activeCount} entries){(note is null ? string.Empty : "; " + note)}");
        return StorageResult<ReplaceStats>.Ok(stats);
    }

    /// <summary>Deletes a list document with its active and previous entry sets, inside the caller's transaction.</summary>
    internal static void DeleteWithSets(LiteDatabase db, BsonDocument list)
    {
        var name = list["_id"].AsString;
        DeleteSet(db, ListDocuments.Set(name, list["av"].AsInt64));
        if (!list["pv"].IsNull)
        {
            DeleteSet(db, ListDocuments.Set(name, list["pv"].AsInt64));
        }

        db.GetCollection(Collections.Lists).Delete(name);
    }

    private static void DeleteSet(LiteDatabase db, string set)
    {
        db.GetCollection(Collections.ListEntries).DeleteMany(Filter.Eq("set", set));
        NumberChunks.Collection(db).DeleteMany(Filter.Eq("set", set));
    }

    private static void Touch(LiteDatabase db, BsonDocument list, DateTimeOffset now)
    {
        list["ut"] = now.UtcTicks;
        db.GetCollection(Collections.Lists).Update(list);
    }

    /// <summary>Runs a change to an existing, writable list in one transaction.</summary>
    private StorageResult<T> Modify<T>(string name, ChangeContext who, Func<LiteDatabase, BsonDocument, DateTimeOffset, StorageResult<T>> change)
    {
        ArgumentNullException.ThrowIfNull(who);
        return _database.Change(db =>
        {
            var list = db.GetCollection(Collections.Lists).FindById(name);
            if (list is null)
            {
                return StorageResult<T>.Fail(StorageErrorCode.NotFound, $"no list named {name}");
            }

            if (list["ro"].AsBoolean)
            {
                return StorageResult<T>.Fail(StorageErrorCode.ReadOnly, name == ConfigListName ? ConfigReadOnlyError : $"list {name} is read-only");
            }

            return change(db, list, _database.Time.GetUtcNow());
        });
    }

    internal StorageResult<T> Commit<T>(string name, string action, StorageResult<T> result)
    {
        if (result.Succeeded)
        {
            Interlocked.Increment(ref _changes);
            Changed?.Invoke(this, new ListChangedEventArgs(name, action));
        }

        return result;
    }

    /// <summary>An audit detail for many entries: all of them when few, else the count and the first five.</summary>
    private sealed class AuditSummary
    {
        private const int Shown = 5;
        private readonly StringBuilder _text = new();
        private long _count;

        public void Add(string entry)
        {
            if (_count++ < Shown)
            {
                _text.Append(_count == 1 ? string.Empty : "; ").Append(entry);
            }
        }

        public override string ToString() =>
            _count <= Shown ? _text.ToString() : string.Create(CultureInfo.InvariantCulture, $"{_count} entries: {_text}; ...");
    }
}
