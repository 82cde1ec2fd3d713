using EdgeBlocker.Storage.Audit;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Credentials;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Migrations;
using EdgeBlocker.Storage.Settings;
using EdgeBlocker.Storage.Subscriptions;
using LiteDB;

namespace EdgeBlocker.Storage;

/// <summary>
/// The one LiteDB file (<c>&lt;DataDirectory&gt;/edgeblocker.db</c>), opened exclusively by one process: the service
/// while it runs, otherwise the CLI. Opening creates the directory, takes the lock, and runs the schema migrations.
/// A write whose rollback fails (a full disk) leaves LiteDB's locks behind; the next read or write then closes the
/// file and opens it again (see <see cref="RecoverIfBroken"/>).
/// </summary>
public sealed class EdgeBlockerDatabase : IDisposable
{
    private readonly FileStream _lock;
    private readonly Lock _changeGate = new();
    private readonly Lock _callGate = new();

    // Every use of _db holds this shared (reads, and transactions under their gate); closing and opening the file
    // again holds it exclusively. Recursive: a transaction's work may read through the stores.
    private readonly ReaderWriterLockSlim _access = new(LockRecursionPolicy.SupportsRecursion);
    private LiteDatabase? _db; // null while a reopen has failed
    private volatile bool _broken;
    private string? _unavailable;
    private long _reopens;
    private bool _disposed;

    private EdgeBlockerDatabase(LiteDatabase db, FileStream fileLock, StorageOptions options, TimeProvider time, int schemaVersion)
    {
        _db = db;
        _lock = fileLock;
        Options = options;
        Time = time;
        SchemaVersion = schemaVersion;
        Audit = new AuditLog(this);
        Lists = new ListStore(this);
        Settings = new SettingsStore(this);
        Calls = new CallRecordStore(this);
        Credentials = new CredentialStore(this);
        Subscriptions = new SubscriptionStore(this);
        SyncRuns = new SyncRunLog(this);
    }

    /// <summary>The newest schema version this code knows and migrates to.</summary>
    public static int LatestSchemaVersion => MigrationCatalog.Latest;

    /// <summary>The database file's full path.</summary>
    public string DatabasePath => Path.GetFullPath(Options.DatabasePath);

    /// <summary>The schema version of the open file (always <see cref="LatestSchemaVersion"/> after a successful open).</summary>
    public int SchemaVersion { get; }

    public StorageOptions Options { get; }

    public ListStore Lists { get; }

    public AuditLog Audit { get; }

    public SettingsStore Settings { get; }

    public CallRecordStore Calls { get; }

    /// <summary>The web page's admin password hash and API tokens.</summary>
    public CredentialStore Credentials { get; }

    public SubscriptionStore Subscriptions { get; }

    public SyncRunLog SyncRuns { get; }

    internal TimeProvider Time { get; }

    /// <summary>How often the file was closed and opened again after a write left LiteDB unusable.</summary>
    internal long Reopens => Interlocked.Read(ref _reopens);

    /// <summary>
    /// Opens (or creates) the database and migrates it to <see cref="LatestSchemaVersion"/>.
    /// Throws <see cref="StorageOpenException"/> naming the path when the file is in use, unreadable, corrupt or from a
    /// newer version: a start-up failure. A corrupt file is never recreated.
    /// </summary>
    public static EdgeBlockerDatabase Open(StorageOptions options, TimeProvider? timeProvider = null) =>
        Open(options, timeProvider ?? TimeProvider.System, MigrationCatalog.All);

    internal static EdgeBlockerDatabase Open(StorageOptions options, TimeProvider time, IReadOnlyList<IMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.DatabasePath);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new StorageOpenException(path, StorageOpenFailure.Inaccessible, string.Join(" ", errors), null);
        }

        CreateDirectory(path);
        var fileLock = TakeLock(path);
        LiteDatabase? db = null;
        try
        {
            db = OpenLiteDb(path);
            var version = MigrationRunner.Run(db, migrations, time.GetUtcNow(), path);
            return new EdgeBlockerDatabase(db, fileLock, options, time, version);
        }
        catch
        {
            db?.Dispose();
            fileLock.Dispose();
            throw;
        }
    }

    /// <summary>Copies the write-ahead log into the data file now (LiteDB also does this every 1000 pages and on close).</summary>
    public void Checkpoint() => Read(db =>
    {
        db.Checkpoint();
        return true;
    });

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_callGate)
        {
            lock (_changeGate)
            {
                _access.EnterWriteLock();
                try
                {
                    _db?.Dispose();
                    _db = null;
                }
                finally
                {
                    _access.ExitWriteLock();
                }
            }
        }

        _lock.Dispose();
    }

    /// <summary>
    /// Runs a read against the database (no transaction; LiteDB reads committed data). Throws
    /// <see cref="IOException"/> while the file cannot be opened again after a failed write.
    /// </summary>
    internal T Read<T>(Func<LiteDatabase, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RecoverIfBroken();
        _access.EnterReadLock();
        try
        {
            return read(_db ?? throw new IOException($"the database is closed after a failed write and could not be opened again: {_unavailable}"));
        }
        finally
        {
            _access.ExitReadLock();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one LiteDB transaction: committed when it returns a success, rolled back when it
    /// returns a failure or throws. LiteDB binds a transaction to its thread, so the work must not await.
    /// List, settings and audit changes share one gate; call records have their own so a long list import never
    /// waits on the call writer or the other way round.
    /// </summary>
    internal StorageResult<T> Change<T>(Func<LiteDatabase, StorageResult<T>> work) => InTransaction(_changeGate, work);

    internal StorageResult<T> ChangeCalls<T>(Func<LiteDatabase, StorageResult<T>> work) => InTransaction(_callGate, work);

    private StorageResult<T> InTransaction<T>(Lock gate, Func<LiteDatabase, StorageResult<T>> work)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            RecoverIfBroken();
            _access.EnterReadLock();
            try
            {
                return _db is { } db ? InTransaction(db, work) : StorageResult<T>.Fail(StorageErrorCode.Failed, $"database unavailable: {_unavailable}");
            }
            finally
            {
                _access.ExitReadLock();
            }
        }
    }

    private StorageResult<T> InTransaction<T>(LiteDatabase db, Func<LiteDatabase, StorageResult<T>> work)
    {
        if (!db.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
        }

        StorageResult<T>? result = null;
        var finished = false;
        try
        {
            var outcome = work(db);
            result = outcome;
            if (outcome.Succeeded)
            {
                db.Commit();
                finished = true;
            }

            return outcome;
        }
        catch (Exception ex) when (ex is LiteException or IOException)
        {
            finished = true;
            // LiteDB copies its log into the data file right after a commit once the log has grown past 1,000 pages
            // (a big import): when that fails (no room for the data file to grow), the transaction is committed
            // already, in the log that the next checkpoint or open copies, and there is nothing left to roll back.
            // Reporting that as a failure would tell the admin "nothing imported" about a list that did change.
            return RollBack(db) == RollbackOutcome.NothingOpen && result is { Succeeded: true } committed
                ? committed
                : StorageResult<T>.Fail(StorageErrorCode.Failed, $"database error: {ex.Message}");
        }
        finally
        {
            if (!finished)
            {
                RollBack(db);
            }
        }
    }

    /// <summary>
    /// Rolls back the thread's transaction. LiteDB writes to its log even while rolling back (it returns the
    /// transaction's new pages), so on a full disk the rollback fails too: nothing of the transaction was committed
    /// either way, and the caller already has its failure to report. Letting that second exception out would take the
    /// call-record writer, and with it the host, down for a full SD card; instead the database is marked broken and
    /// opened again before its next use.
    /// </summary>
    private RollbackOutcome RollBack(LiteDatabase db)
    {
        try
        {
            return db.Rollback() ? RollbackOutcome.RolledBack : RollbackOutcome.NothingOpen;
        }
        catch (Exception ex) when (ex is LiteException or IOException)
        {
            // See above: the failure is already the result.
            _broken = true;
            return RollbackOutcome.Failed;
        }
    }

    /// <summary>
    /// After a failed rollback LiteDB still holds the transaction's collection locks (for the thread that is gone back
    /// to the pool) and its thread slot: every later write would wait a minute for the lock and fail. So the next read
    /// or write closes the file and opens it again, holding <see cref="_access"/> exclusively (no transaction and no
    /// read is running). Opening replays the write-ahead log: what was committed is kept, the failed transaction's
    /// pages are discarded. If opening fails (still no space to replay the log), the database stays closed and
    /// broken: writes fail as values, reads throw, and the next one tries again; nothing waits or crashes.
    /// </summary>
    private void RecoverIfBroken()
    {
        // Inside a transaction or a read (a store reading in its own write) the lock cannot be taken exclusively:
        // the next call from outside recovers.
        if (!_broken || _access.IsReadLockHeld || _access.IsWriteLockHeld)
        {
            return;
        }

        Reopen(onlyIfBroken: true);
    }

    /// <summary>Bytes of database pages LiteDB holds in memory now (its page cache, 8 KiB a page).</summary>
    internal long CacheBytes() => Read(db =>
    {
        using var info = db.Execute("SELECT $ FROM $database");
        return info.Read() ? info.Current["cache"]["extendPages"].AsInt32 * 8192L : 0;
    });

    /// <summary>How often the page cache was dropped for going over <see cref="StorageOptions.CacheLimitMB"/>.</summary>
    internal long CacheTrims => Interlocked.Read(ref _cacheTrims);

    private long _cacheTrims;

    /// <summary>Least time between two drops of the page cache: each costs the writes after it their cache misses.</summary>
    internal static readonly TimeSpan MinimumTrimInterval = TimeSpan.FromSeconds(60);

    /// <summary>How often the cache's size is looked at: the look itself (LiteDB's <c>$database</c>) costs a batch's worth of time.</summary>
    internal static readonly TimeSpan CacheCheckInterval = TimeSpan.FromSeconds(10);

    private long _lastTrim = long.MinValue;
    private long _lastCheck = long.MinValue;

    /// <summary>
    /// Drops LiteDB's page cache when it holds more than <see cref="StorageOptions.CacheLimitMB"/>, by closing the file
    /// and opening it again (LiteDB 5 never shrinks the cache by itself), at most once every
    /// <see cref="MinimumTrimInterval"/>. Call between transactions, never inside one; it waits for running reads and
    /// writes and keeps new ones out for the few milliseconds it takes. True when it did.
    /// </summary>
    public bool TrimCacheIfOverLimit()
    {
        var now = Time.GetTimestamp();
        if (Options.CacheLimitMB == 0 || _disposed || _access.IsReadLockHeld || _access.IsWriteLockHeld
            || !Elapsed(ref _lastCheck, now, CacheCheckInterval) || !Elapsed(ref _lastTrim, now, MinimumTrimInterval))
        {
            return false;
        }

        Interlocked.Exchange(ref _lastCheck, now);
        if (CacheBytes() <= Options.CacheLimitMB * 1024L * 1024L)
        {
            return false;
        }

        DropCache();
        return true;
    }

    /// <summary>
    /// Drops LiteDB's page cache whatever its size, by closing the file and opening it again: for after work that read
    /// a whole list (start-up, a list swapped in), whose pages the box will not need again soon. Call between
    /// transactions, never inside one; it waits for running reads and writes and keeps new ones out meanwhile.
    /// </summary>
    public void DropCache()
    {
        Interlocked.Exchange(ref _lastTrim, Time.GetTimestamp());
        Reopen(onlyIfBroken: false);
        Interlocked.Increment(ref _cacheTrims);
    }

    private bool Elapsed(ref long since, long now, TimeSpan interval)
    {
        var last = Interlocked.Read(ref since);
        return last == long.MinValue || Time.GetElapsedTime(last, now) >= interval;
    }

    /// <summary>Closes the LiteDB file and opens it again, with every other use of it kept out meanwhile.</summary>
    private void Reopen(bool onlyIfBroken)
    {
        _access.EnterWriteLock();
        try
        {
            if ((onlyIfBroken && !_broken) || _disposed)
            {
                return;
            }

            var old = _db;
            _db = null;
            try
            {
                old?.Dispose();
            }
            catch (Exception ex) when (ex is LiteException or IOException or SynchronizationLockException)
            {
                // Closing copies what it can into the data file; the rest stays in the log, which opening replays.
            }

            try
            {
                _db = OpenLiteDb(DatabasePath);
                _broken = false;
                _unavailable = null;
                Interlocked.Increment(ref _reopens);
            }
            catch (StorageOpenException ex)
            {
                _broken = true;
                _unavailable = ex.InnerException?.Message ?? ex.Message;
            }
        }
        finally
        {
            _access.ExitWriteLock();
        }
    }

    private static void CreateDirectory(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageOpenException(path, StorageOpenFailure.Inaccessible, $"cannot create directory {directory}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// An exclusive lock file beside the database (flock on Linux) so a second process gets a clear "in use" error
    /// instead of two LiteDB engines writing one file.
    /// </summary>
    private static FileStream TakeLock(string path)
    {
        var lockPath = path + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StorageOpenException(path, StorageOpenFailure.Inaccessible, $"cannot open lock file {lockPath}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new StorageOpenException(path, StorageOpenFailure.InUse,
                "the database is in use by another process (the running service?); use the control socket or stop the service", ex);
        }
    }

    private static LiteDatabase OpenLiteDb(string path)
    {
        try
        {
            var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
            try
            {
                // Touch the catalogue so a damaged file fails here, at open, not at the first call record.
                _ = db.GetCollectionNames().ToList();
                _ = MigrationRunner.ReadVersion(db);
                return db;
            }
            catch
            {
                db.Dispose();
                throw;
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StorageOpenException(path, StorageOpenFailure.Inaccessible, ex.Message, ex);
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new StorageOpenException(path, StorageOpenFailure.Corrupt,
                $"the file is not a readable EdgeBlocker database ({ex.Message}); it was left untouched: restore a backup or move it away", ex);
        }
    }

    private enum RollbackOutcome
    {
        RolledBack,
        NothingOpen,
        Failed,
    }
}
