using LiteDB;

namespace EdgeBlocker.Storage.Lists;

/// <summary>
/// Counts the entries two versions of a list share: numbers by merging their sorted packed arrays, other entries by
/// kind and value. Runs inside the replace's transaction, so the new set is read back before it is committed.
/// </summary>
internal static class EntrySetComparer
{
    public static (long Added, long Removed, long Unchanged) Compare(LiteDatabase db, string list, string oldSet, string newSet)
    {
        var (oldNumbers, oldOthers) = Read(db, list, oldSet);
        var (newNumbers, newOthers) = Read(db, list, newSet);
        long unchanged = 0;
        foreach (var (kind, numbers) in newNumbers)
        {
            if (oldNumbers.TryGetValue(kind, out var before))
            {
                unchanged += CountCommon(before, numbers);
            }
        }

        unchanged += newOthers.Count(oldOthers.Contains);
        var newCount = newNumbers.Values.Sum(n => (long)n.Length) + newOthers.Count;
        var oldCount = oldNumbers.Values.Sum(n => (long)n.Length) + oldOthers.Count;
        return (newCount - unchanged, oldCount - unchanged, unchanged);
    }

    private static (Dictionary<string, long[]> Numbers, HashSet<string> Others) Read(LiteDatabase db, string list, string set)
    {
        var numbers = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var block in NumberChunks.ReadBlocks(db, list, set))
        {
            Numbers(numbers, block.Kind).AddRange(block.Numbers);
        }

        var others = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in db.GetCollection(Collections.ListEntries).Find(Filter.Eq("set", set)))
        {
            var kind = doc["k"].AsString;
            if (doc.TryGetValue("n", out var n) && n.IsNumber)
            {
                Numbers(numbers, kind).Add(n.AsInt64);
            }
            else
            {
                others.Add(kind + "|" + doc["val"].AsString);
            }
        }

        return (numbers.ToDictionary(p => p.Key, p => Sorted(p.Value), StringComparer.Ordinal), others);
    }

    private static List<long> Numbers(Dictionary<string, List<long>> byKind, string kind)
    {
        if (!byKind.TryGetValue(kind, out var list))
        {
            list = [];
            byKind.Add(kind, list);
        }

        return list;
    }

    private static long[] Sorted(List<long> numbers)
    {
        var array = numbers.ToArray();
        Array.Sort(array);
        return array;
    }

    /// <summary>Both arrays are sorted and hold each number once (a set is de-duplicated when written).</summary>
    private static long CountCommon(long[] a, long[] b)
    {
        long common = 0;
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return common;
    }
}
