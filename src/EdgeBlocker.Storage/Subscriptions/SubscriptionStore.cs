using EdgeBlocker.Storage.Audit;
using EdgeBlocker.Storage.Lists;
using LiteDB;

namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>
/// Feed subscriptions and the lists they fill. Adding a subscription creates its list; removing it deletes the list;
/// applying a fetched feed writes the list's new version and the subscription's validators (ETag, Last-Modified) in
/// one transaction, so a validator is never stored for a version that did not land. Changes are audited.
/// </summary>
public sealed class SubscriptionStore
{
    private readonly EdgeBlockerDatabase _database;

    internal SubscriptionStore(EdgeBlockerDatabase database) => _database = database;

    public IReadOnlyList<Subscription> All() =>
        _database.Read(db => (IReadOnlyList<Subscription>)Collection(db).FindAll().Select(SubscriptionDocuments.ToSubscription).OrderBy(s => s.Name, StringComparer.Ordinal).ToList());

    public Subscription? Get(string name) =>
        _database.Read(db => Collection(db).FindById(name) is { } d ? SubscriptionDocuments.ToSubscription(d) : null);

    public SubscriptionState State(string name) =>
        _database.Read(db => Collection(db).FindById(name) is { } d ? SubscriptionDocuments.ToState(d) : SubscriptionState.Empty(name));

    /// <summary>Stores a new subscription and creates its (empty) list; fails when a list of that name exists.</summary>
    public StorageResult Add(Subscription subscription, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(who);
        if (Validate(subscription) is { } invalid)
        {
            return StorageResult.Fail(StorageErrorCode.Invalid, invalid);
        }

        var result = _database.Change(db =>
        {
            var now = _database.Time.GetUtcNow();
            var lists = db.GetCollection(Collections.Lists);
            if (lists.FindById(subscription.Name) is not null)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.AlreadyExists, $"a list named {subscription.Name} already exists");
            }

            var list = ListDocuments.NewList(subscription.Name, ListSource.Subscription, subscription.Description.Length > 0 ? subscription.Description : subscription.Url.AbsoluteUri, now);
            list["en"] = subscription.Enabled;
            lists.Insert(list);
            var doc = SubscriptionDocuments.From(subscription);
            SubscriptionDocuments.PutState(doc, SubscriptionState.Empty(subscription.Name));
            Collection(db).Insert(doc);
            AuditLog.Write(db, now, who, "subscription.add", subscription.Name, Describe(subscription));
            return StorageResult<bool>.Ok(true);
        });
        return _database.Lists.Commit(subscription.Name, "list.create", result).ToResult();
    }

    /// <summary>Changes a subscription's settings (its sync state is kept); enabling or disabling it does the same to its list.</summary>
    public StorageResult Update(Subscription subscription, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(who);
        if (Validate(subscription) is { } invalid)
        {
            return StorageResult.Fail(StorageErrorCode.Invalid, invalid);
        }

        var result = _database.Change(db =>
        {
            var now = _database.Time.GetUtcNow();
            if (Collection(db).FindById(subscription.Name) is not { } doc)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.NotFound, $"no subscription named {subscription.Name}");
            }

            var before = SubscriptionDocuments.ToSubscription(doc);
            if (before.Url != subscription.Url)
            {
                // Validators belong to the old URL's representation.
                doc["etag"] = BsonValue.Null;
                doc["lm"] = BsonValue.Null;
            }

            Collection(db).Update(SubscriptionDocuments.From(subscription, doc));
            var lists = db.GetCollection(Collections.Lists);
            if (lists.FindById(subscription.Name) is { } list)
            {
                list["en"] = subscription.Enabled;
                list["ut"] = now.UtcTicks;
                lists.Update(list);
            }

            AuditLog.Write(db, now, who, "subscription.update", subscription.Name, $"{Describe(before)} -> {Describe(subscription)}");
            return StorageResult<bool>.Ok(true);
        });
        return _database.Lists.Commit(subscription.Name, "list.enable", result).ToResult();
    }

    /// <summary>Deletes the subscription and its list (the sync history stays).</summary>
    public StorageResult Remove(string name, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        var result = _database.Change(db =>
        {
            var now = _database.Time.GetUtcNow();
            if (Collection(db).FindById(name) is null)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.NotFound, $"no subscription named {name}");
            }

            Collection(db).Delete(name);
            var lists = db.GetCollection(Collections.Lists);
            if (lists.FindById(name) is { } list)
            {
                ListStore.DeleteWithSets(db, list);
            }

            AuditLog.Write(db, now, who, "subscription.remove", name, "subscription and its list deleted");
            return StorageResult<bool>.Ok(true);
        });
        return _database.Lists.Commit(name, "list.delete", result).ToResult();
    }

    /// <summary>
    /// Writes a fetched feed as the list's new version and stores <paramref name="state"/> with it, in one transaction.
    /// <paramref name="accept"/> sees the counts before the commit and may refuse the whole feed (see <see cref="ListStore.ReplaceVersion"/>).
    /// </summary>
    public StorageResult<ReplaceStats> Apply(string name, IEnumerable<ListEntry> entries, SubscriptionState state, ChangeContext who, string note, Func<ReplaceStats, string?>? accept)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(who);
        var result = _database.Change(db =>
        {
            var now = _database.Time.GetUtcNow();
            if (Collection(db).FindById(name) is not { } doc)
            {
                return StorageResult<ReplaceStats>.Fail(StorageErrorCode.NotFound, $"no subscription named {name}");
            }

            if (db.GetCollection(Collections.Lists).FindById(name) is not { } list)
            {
                return StorageResult<ReplaceStats>.Fail(StorageErrorCode.NotFound, $"no list named {name}");
            }

            var replaced = ListStore.Replace(db, list, entries, who, now, note, accept);
            if (replaced.Succeeded)
            {
                SubscriptionDocuments.PutState(doc, state);
                Collection(db).Update(doc);
            }

            return replaced;
        });
        return _database.Lists.Commit(name, "list.replace", result);
    }

    /// <summary>Stores the outcome of a sync that wrote no new version (unchanged, rejected, failed).</summary>
    public StorageResult SaveState(SubscriptionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _database.Change(db =>
        {
            if (Collection(db).FindById(state.Name) is not { } doc)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.NotFound, $"no subscription named {state.Name}");
            }

            SubscriptionDocuments.PutState(doc, state);
            Collection(db).Update(doc);
            return StorageResult<bool>.Ok(true);
        }).ToResult();
    }

    private static string? Validate(Subscription s)
    {
        if (!ListStore.IsValidName(s.Name))
        {
            return $"invalid subscription name '{s.Name}': use 1-64 of a-z 0-9 . _ -";
        }

        if (!s.Url.IsAbsoluteUri || (s.Url.Scheme != Uri.UriSchemeHttps && s.Url.Scheme != Uri.UriSchemeHttp))
        {
            return $"the feed URL must be http:// or https://, not '{s.Url}'";
        }

        if (s.Interval < TimeSpan.FromMinutes(1))
        {
            return "the sync interval must be at least one minute";
        }

        if (s.MaxBytes < 0 || s.MaxEntries < 0)
        {
            return "limits must be positive (0 for the default)";
        }

        return ListActions.IsResponse(s.Response) ? null : $"invalid response '{s.Response}' (603+, 603, 607 or 608)";
    }

    private static string Describe(Subscription s) =>
        $"{s.Url} {s.Format.ToString().ToLowerInvariant()} {s.Role.ToString().ToLowerInvariant()} every {s.Interval}{(s.Enabled ? string.Empty : " disabled")}{(s.PublicKeyPem is null ? string.Empty : " signed")}";

    private static ILiteCollection<BsonDocument> Collection(LiteDatabase db) => db.GetCollection(Collections.Subscriptions);
}
