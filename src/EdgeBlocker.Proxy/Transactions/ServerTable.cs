namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// The live server transactions by key: a hash table chained through the transactions themselves, each of which keeps
/// its key in its own reused buffer, so that adding, finding and removing one allocates nothing (a dictionary of
/// strings took a key string and a node per call). One lock guards it, held for one chain walk (or a doubling).
/// Keys are hashed with the runtime's randomised string hash, so a flood of crafted branches cannot pile into one
/// chain. The buckets double when the transactions outnumber them.
/// </summary>
internal sealed class ServerTable
{
    private const int InitialBuckets = 1024;

    private readonly Lock _gate = new();
    private ServerTransaction?[] _buckets = new ServerTransaction?[InitialBuckets];
    private int _count;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// The transaction with <paramref name="key"/>, and its incarnation (<see cref="ServerTransaction.Generation"/>)
    /// as it was while in the table: an operation from another thread passes it back, to be refused by a transaction
    /// that has since ended and serves another request.
    /// </summary>
    public ServerTransaction? Find(ReadOnlySpan<char> key, out int generation)
    {
        var hash = string.GetHashCode(key);
        lock (_gate)
        {
            for (var t = _buckets[hash & (_buckets.Length - 1)]; t is not null; t = t.NextInBucket)
            {
                if (t.KeyHash == hash && t.KeyChars.SequenceEqual(key))
                {
                    generation = t.Generation;
                    return t;
                }
            }
        }

        generation = 0;
        return null;
    }

    /// <summary>Adds a transaction under its key, in place of one with the same key (two threads that both took a retransmission for new).</summary>
    public void Add(ServerTransaction transaction)
    {
        var hash = transaction.KeyHash;
        lock (_gate)
        {
            Unlink(transaction.KeyChars, hash);
            if (_count >= _buckets.Length)
            {
                Grow();
            }

            ref var head = ref _buckets[hash & (_buckets.Length - 1)];
            transaction.NextInBucket = head;
            transaction.InTable = true;
            head = transaction;
            _count++;
        }
    }

    /// <summary>Removes this transaction, if it is (still) the one in the table under its key.</summary>
    public void Remove(ServerTransaction transaction)
    {
        lock (_gate)
        {
            if (!transaction.InTable)
            {
                return;
            }

            ref var link = ref _buckets[transaction.KeyHash & (_buckets.Length - 1)];
            while (link is not null && !ReferenceEquals(link, transaction))
            {
                link = ref link.NextInBucket;
            }

            if (link is not null)
            {
                link = transaction.NextInBucket;
                transaction.NextInBucket = null;
                transaction.InTable = false;
                _count--;
            }
        }
    }

    /// <summary>Unlinks the transaction with this key, if any. Under the lock.</summary>
    private void Unlink(ReadOnlySpan<char> key, int hash)
    {
        ref var link = ref _buckets[hash & (_buckets.Length - 1)];
        while (link is not null)
        {
            var t = link;
            if (t.KeyHash == hash && t.KeyChars.SequenceEqual(key))
            {
                link = t.NextInBucket;
                t.NextInBucket = null;
                t.InTable = false;
                _count--;
                return;
            }

            link = ref t.NextInBucket;
        }
    }

    /// <summary>Doubles the buckets and moves every transaction to its new one. Under the lock.</summary>
    private void Grow()
    {
        var buckets = new ServerTransaction?[_buckets.Length * 2];
        foreach (var head in _buckets)
        {
            var t = head;
            while (t is not null)
            {
                var next = t.NextInBucket;
                ref var slot = ref buckets[t.KeyHash & (buckets.Length - 1)];
                t.NextInBucket = slot;
                slot = t;
                t = next;
            }
        }

        _buckets = buckets;
    }
}
