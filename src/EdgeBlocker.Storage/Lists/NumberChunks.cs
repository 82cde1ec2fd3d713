using System.Runtime.InteropServices;
using LiteDB;

namespace EdgeBlocker.Storage.Lists;

/// <summary>
/// Packed exact/dno numbers: sorted int64 arrays (little-endian) in binary fields of at most <see cref="ChunkSize"/>
/// numbers, one chunk document per slice, grouped by shared attributes. A million numbers are ~31 documents and 8 MB,
/// read back with one memory copy per chunk instead of a million document decodes.
/// </summary>
internal static class NumberChunks
{
    public const int ChunkSize = 32_768;

    /// <summary>Groups smaller than this are stored as ordinary entry documents.</summary>
    public const int MinPackedGroup = 32;

    public static ILiteCollection<BsonDocument> Collection(LiteDatabase db) => db.GetCollection(Collections.ListNumbers, BsonAutoId.ObjectId);

    public static void Write(ILiteCollection<BsonDocument> chunks, string set, int group, NumberAttributes attributes, ReadOnlySpan<long> sorted)
    {
        for (int offset = 0, seq = 0; offset < sorted.Length; offset += ChunkSize, seq++)
        {
            var slice = sorted.Slice(offset, Math.Min(ChunkSize, sorted.Length - offset));
            chunks.Insert(ToDocument(set, group, seq, attributes, slice));
        }
    }

    public static BsonDocument ToDocument(string set, int group, int seq, NumberAttributes a, ReadOnlySpan<long> sorted)
    {
        var doc = new BsonDocument
        {
            ["set"] = set,
            ["g"] = group,
            ["seq"] = seq,
            ["k"] = a.Kind,
            ["a"] = a.Action,
            ["rsp"] = a.Response,
            ["cnt"] = sorted.Length,
            ["min"] = sorted[0],
            ["max"] = sorted[^1],
            ["data"] = Pack(sorted),
        };
        ListDocuments.PutAttributes(doc, a.Reason, a.EffectiveFrom, a.ExpiresAt);
        return doc;
    }

    public static NumberAttributes Attributes(BsonDocument d) => new(
        d["k"].AsString,
        d["a"].AsString,
        d["rsp"].AsString,
        ListDocuments.OptionalText(d, "why"),
        d.TryGetValue("ef", out var ef) && ef.IsNumber ? ef.AsInt64 : null,
        d.TryGetValue("ex", out var ex) && ex.IsNumber ? ex.AsInt64 : null);

    /// <summary>The packed blocks of one entry set, one block per attribute group, numbers ascending.</summary>
    public static IEnumerable<ListNumberBlock> ReadBlocks(LiteDatabase db, string list, string set)
    {
        var docs = Collection(db).Find(Filter.Eq("set", set)).OrderBy(d => d["g"].AsInt32).ThenBy(d => d["seq"].AsInt32).ToList();
        foreach (var group in docs.GroupBy(d => d["g"].AsInt32))
        {
            var parts = group.ToList();
            var numbers = new long[parts.Sum(p => p["cnt"].AsInt32)];
            var at = 0;
            foreach (var part in parts)
            {
                var packed = MemoryMarshal.Cast<byte, long>(part["data"].AsBinary);
                packed.CopyTo(numbers.AsSpan(at));
                at += packed.Length;
            }

            var a = Attributes(parts[0]);
            yield return new ListNumberBlock(list, a.Kind, a.Action, a.Response, a.Reason,
                a.EffectiveFrom is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null,
                a.ExpiresAt is { } x ? new DateTimeOffset(x, TimeSpan.Zero) : null,
                numbers);
        }
    }

    /// <summary>Removes <paramref name="number"/> of <paramref name="kind"/> from the set's chunks; true if it was there.</summary>
    public static bool Remove(ILiteCollection<BsonDocument> chunks, string set, string kind, long number)
    {
        foreach (var doc in chunks.Find(Filter.Eq("set", set)))
        {
            if (doc["k"].AsString != kind || number < doc["min"].AsInt64 || number > doc["max"].AsInt64)
            {
                continue;
            }

            var numbers = MemoryMarshal.Cast<byte, long>(doc["data"].AsBinary);
            var at = numbers.BinarySearch(number);
            if (at < 0)
            {
                continue;
            }

            if (numbers.Length == 1)
            {
                chunks.Delete(doc["_id"]);
                return true;
            }

            var rest = new long[numbers.Length - 1];
            numbers[..at].CopyTo(rest);
            numbers[(at + 1)..].CopyTo(rest.AsSpan(at));
            doc["cnt"] = rest.Length;
            doc["min"] = rest[0];
            doc["max"] = rest[^1];
            doc["data"] = Pack(rest);
            chunks.Update(doc);
            return true;
        }

        return false;
    }

    private static byte[] Pack(ReadOnlySpan<long> sorted)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Packed number chunks are stored little-endian.");
        }

        return MemoryMarshal.AsBytes(sorted).ToArray();
    }
}
