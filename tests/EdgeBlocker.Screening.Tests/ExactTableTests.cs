namespace EdgeBlocker.Screening.Tests;

/// <summary>
/// The exact-number table against a dictionary of the same entries: every listed number finds its meta indexes in the
/// order added, every other number finds none. Small tables keep the high bits of a number in an array of their own,
/// tables from 2^18 numbers up do not; both are checked, and so are the ends of the number range.
/// </summary>
public sealed class ExactTableTests
{
    private const ulong Largest = 999_999_999_999_999; // 15 digits

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1_000)]
    [InlineData(300_000)] // 2^17 buckets and more: the stored part fits 32 bits
    public void Every_listed_number_finds_its_metas_in_order_and_no_other_number_finds_any(int count)
    {
        var random = new Random(count);
        var expected = new Dictionary<ulong, List<int>>();
        var entries = new List<ulong>();
        for (var i = 0; i < count; i++)
        {
            // Neighbouring numbers (one exchange's), numbers anywhere, and some listed twice with another meta.
            var number = i % 3 == 0 ? 12_025_550_000UL + (ulong)i : 1 + (ulong)random.NextInt64((long)Largest);
            var meta = random.Next(ExactTable.MaxMeta + 1);
            Add(number, meta);
            if (i % 10 == 0)
            {
                Add(number, (meta + 1) % (ExactTable.MaxMeta + 1));
            }
        }

        var table = new ExactTable(entries.ToArray());

        Assert.Equal(entries.Count, table.Count);
        foreach (var (number, metas) in expected)
        {
            Assert.Equal(metas, Found(table, number));
        }

        for (var i = 0; i < 20_000; i++)
        {
            var number = i % 2 == 0 ? 12_025_550_000UL + (ulong)(count + i) : 1 + (ulong)random.NextInt64((long)Largest);
            if (!expected.ContainsKey(number))
            {
                Assert.Empty(Found(table, number));
            }
        }

        void Add(ulong number, int meta)
        {
            entries.Add(ExactTable.Pack(number, meta));
            if (!expected.TryGetValue(number, out var metas))
            {
                expected[number] = metas = [];
            }

            metas.Add(meta);
        }
    }

    [Fact]
    public void The_smallest_and_largest_numbers_are_told_apart_from_their_neighbours()
    {
        ulong[] listed = [1, 2, Largest, ExactTable.NumberMask];
        var table = new ExactTable(listed.Select((n, i) => ExactTable.Pack(n, i + 1)).ToArray());

        for (var i = 0; i < listed.Length; i++)
        {
            Assert.Equal([i + 1], Found(table, listed[i]));
        }

        Assert.Empty(Found(table, 3));
        Assert.Empty(Found(table, Largest - 1));
        Assert.Empty(Found(table, ExactTable.NumberMask + 1)); // past 50 bits: no E.164 number
        Assert.Empty(Found(table, ulong.MaxValue));
    }

    [Theory]
    [InlineData(3)] // the stored part's high bits
    [InlineData(31)] // its low 32 bits
    [InlineData(45)] // the high bits of a small table, the bucket of a big one
    public void A_number_differing_from_a_listed_one_in_one_stored_bit_is_not_found(int bit)
    {
        foreach (var count in new[] { 10, 300_000 })
        {
            var numbers = Enumerable.Range(0, count).Select(i => 12_000_000_000UL + ((ulong)i * 7919)).ToArray();
            var table = new ExactTable(numbers.Select(n => ExactTable.Pack(n, 1)).ToArray());
            var listed = new HashSet<ulong>(numbers);

            foreach (var number in numbers.Take(10))
            {
                var twin = Unscramble(ExactTable.Scramble(number) ^ (1UL << bit));
                Assert.Equal(number, Unscramble(ExactTable.Scramble(number)));
                if (!listed.Contains(twin))
                {
                    Assert.Empty(Found(table, twin));
                }
            }
        }
    }

    [Fact]
    public void Scrambling_is_one_to_one()
    {
        // Across the low end, the top end and a block of neighbouring numbers: no two numbers meet.
        var seen = new HashSet<ulong>();
        foreach (var start in new[] { 0UL, 12_025_550_000UL, ExactTable.NumberMask - 100_000 })
        {
            for (var n = start; n <= start + 100_000; n++)
            {
                var scrambled = ExactTable.Scramble(n);
                Assert.True(scrambled <= ExactTable.NumberMask, $"{n} scrambled past 50 bits");
                Assert.True(seen.Add(scrambled), $"{n} scrambled onto a number already taken");
            }
        }
    }

    [Fact]
    public void A_million_numbers_take_between_7_and_8_bytes_each()
    {
        var entries = Enumerable.Range(0, 1_000_000).Select(i => ExactTable.Pack(12_000_000_000UL + ((ulong)i * 7919), 0)).ToArray();

        var table = new ExactTable(entries);

        Assert.InRange(table.SizeInBytes / (double)entries.Length, 7.0, 8.0);
    }

    /// <summary>The inverse of <see cref="ExactTable.Scramble"/>: each step undone, last first.</summary>
    private static ulong Unscramble(ulong x)
    {
        const int Half = ExactTable.NumberBits / 2;
        x ^= x >> Half;
        x = (x * Inverse(ExactTable.SecondMultiplier)) & ExactTable.NumberMask;
        x ^= x >> Half;
        return (x * Inverse(ExactTable.FirstMultiplier)) & ExactTable.NumberMask;
    }

    /// <summary>The inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits each step).</summary>
    private static ulong Inverse(ulong odd)
    {
        var inverse = odd;
        for (var i = 0; i < 6; i++)
        {
            inverse *= 2 - (odd * inverse);
        }

        return inverse;
    }

    private static List<int> Found(ExactTable table, ulong number)
    {
        var found = new List<int>();
        foreach (var meta in table.Find(number))
        {
            found.Add(meta);
        }

        return found;
    }
}
