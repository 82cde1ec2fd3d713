using EdgeBlocker.Storage.Calls;
using LiteDB;

namespace EdgeBlocker.Storage.Tests;

public sealed class CallPageTests
{
    [Fact]
    public void A_page_gives_back_every_field_of_its_records_absent_ones_included_and_their_ids_with_gaps()
    {
        var full = CallRecords.Make(CallRecords.T0.AddTicks(1), "+15550000001", "+12025550100", CallVerdicts.Block) with
        {
            Id = 40,
            AnsweredAt = CallRecords.T0.AddSeconds(2),
            EndedAt = CallRecords.T0.AddSeconds(90),
            Peer = "carrier-é", // UTF-8 of more than one byte a character
        };
        var bare = new CallRecord { Id = 41, Time = CallRecords.T0.AddDays(-3), Verdict = CallVerdicts.Allow };
        var endedOnly = bare with { Id = 300, EndedAt = CallRecords.T0, ResponseCode = 487, CallId = new string('x', 300) };

        var page = CallPage.ToDocument([full, bare, endedOnly]);

        Assert.Equal(40, CallPage.FirstOf(page));
        Assert.Equal(300, CallPage.LastOf(page));
        Assert.Equal(3, CallPage.CountOf(page));
        Assert.Equal([full, bare, endedOnly], CallPage.Records(page));
    }

    [Fact]
    public void A_page_survives_the_database_and_the_builder_starts_afresh_after_each()
    {
        using var dir = new TempDirectory();
        using var file = new LiteDatabase(Path.Combine(dir.Path, "pages.db"));
        var pages = file.GetCollection("pages");
        var builder = new CallPage.Builder();
        builder.Add(7, CallRecords.Make(CallRecords.T0, "+15550000001", "+12025550100"));
        builder.Add(8, CallRecords.Make(CallRecords.T0, "+15550000002", "+12025550100"));
        pages.Insert(builder.ToDocument());
        builder.Add(9, CallRecords.Make(CallRecords.T0, "+15550000003", "+12025550100"));
        pages.Insert(builder.ToDocument());

        Assert.Equal([7L, 8L], CallPage.Records(pages.FindById(7)).Select(r => r.Id));
        Assert.Equal("+15550000003", Assert.Single(CallPage.Records(pages.FindById(9))).CallingNumber);
        Assert.Equal(8, CallPage.LastOf(CallPage.Holding(pages, 8)!));
        Assert.Null(CallPage.Holding(pages, 10));
        Assert.Null(CallPage.Holding(pages, 6));
    }

    [Fact]
    public void Times_are_set_in_the_encoding_on_the_records_whose_call_id_matches_and_the_rest_stay_as_they_were()
    {
        var answered = CallRecords.Make(CallRecords.T0, "+15550000001", "+12025550100", callId: "é-1@a") with { Id = 10, AnsweredAt = CallRecords.T0.AddSeconds(4) };
        var quiet = CallRecords.Make(CallRecords.T0.AddSeconds(1), "+15550000002", "+12025550100", callId: "quiet@a") with { Id = 11 };
        var bare = new CallRecord { Id = 13, Time = CallRecords.T0.AddSeconds(2), Verdict = CallVerdicts.Allow, CallId = "bare@a" };
        var other = CallRecords.Make(CallRecords.T0.AddSeconds(3), "+15550000003", "+12025550100", callId: "other@a") with { Id = 400 };
        var page = CallPage.ToDocument([answered, quiet, bare, other]);
        var end = CallRecords.T0.AddMinutes(5);

        var set = CallPage.SetTimes(page,
        [
            new(10, "é-1@a", null, end), // keeps its answer time
            new(13, "bare@a", CallRecords.T0.AddSeconds(9), null),
            new(400, "someone-else@a", null, end), // the id, but not the call: left alone
            new(12, "gap@a", null, end), // no such record
        ]);

        Assert.Equal([true, true, false, false], set);
        Assert.Equal(
            [answered with { EndedAt = end }, quiet, bare with { AnsweredAt = CallRecords.T0.AddSeconds(9) }, other],
            CallPage.Records(page));

        var untouched = page[CallPage.RecordsField].AsBinary;
        Assert.Equal([false], CallPage.SetTimes(page, [new(11, "not-quiet@a", null, end)]));
        Assert.Same(untouched, page[CallPage.RecordsField].AsBinary); // nothing set: the page is not replaced
    }

    [Fact]
    public void A_text_the_record_before_had_is_stored_once_and_times_may_go_back()
    {
        // A trunk's calls: the same peer, source, transport, verdict, rule, list and number called.
        var records = Enumerable.Range(0, 50)
            .Select(i => CallRecords.Make(CallRecords.T0.AddMilliseconds(i % 7 == 6 ? -i : i), $"+1555000{i:D4}", "+12025550100", CallVerdicts.Block) with { Id = i + 1 })
            .ToList();
        records[20] = records[20] with { Peer = null, Rule = "prefix" }; // and back to the peer after
        records[21] = records[21] with { CallingNumberReceived = "", CalledNumber = null };

        var page = CallPage.ToDocument(records);

        Assert.Equal(records, CallPage.Records(page));
        var decoded = CallPage.Records(page);
        Assert.Same(decoded[30].SourceAddress, decoded[31].SourceAddress); // one string for a shared text
        // Each record after the first codes its 7 shared texts in a byte each (and the small steps of its time).
        var first = CallPage.ToDocument(records[..1])[CallPage.RecordsField].AsBinary.Length - 1;
        var each = (page[CallPage.RecordsField].AsBinary.Length - 1 - first) / 49.0;
        Assert.True(each < first - 70, $"{each} bytes a record after the first, {first} for the first");
    }

    [Fact]
    public void Pages_of_the_first_encoding_are_read_and_updated_in_it()
    {
        var call = new CallRecord
        {
            Id = 12, Time = CallRecords.T0, CallingNumber = "+15550000001", CallId = "v1@a", Verdict = CallVerdicts.Allow, ResponseCode = 200,
        };
        var next = call with { Id = 14, Time = CallRecords.T0.AddSeconds(-1), CallingNumber = "+15550000001", CallId = "v1-b@a" };
        var page = new BsonDocument
        {
            ["_id"] = 12L, [CallPage.LastField] = 14L, [CallPage.CountField] = 2, [CallPage.RecordsField] = Version1([(0, call), (2, next)]),
        };

        Assert.Equal([call, next], CallPage.Records(page));
        var end = CallRecords.T0.AddMinutes(1);
        Assert.Equal([true], CallPage.SetTimes(page, [new(14, "v1-b@a", null, end)]));
        Assert.Equal([call, next with { EndedAt = end }], CallPage.Records(page));
        Assert.Equal(1, page[CallPage.RecordsField].AsBinary[0]);
    }

    /// <summary>A page's records as the first encoding had them: the time an int64, each text its length plus one.</summary>
    private static byte[] Version1(IEnumerable<(int Offset, CallRecord Record)> records)
    {
        var bytes = new List<byte> { 1 };
        foreach (var (offset, r) in records)
        {
            bytes.Add((byte)offset);
            bytes.AddRange(BitConverter.GetBytes(r.Time.UtcTicks));
            bytes.AddRange([(byte)(0x80 | (r.ResponseCode & 0x7F)), (byte)(r.ResponseCode >> 7)]);
            bytes.Add((byte)((r.AnsweredAt is null ? 0 : 1) | (r.EndedAt is null ? 0 : 2)));
            foreach (var ticks in new[] { r.AnsweredAt, r.EndedAt }.OfType<DateTimeOffset>())
            {
                bytes.AddRange(BitConverter.GetBytes(ticks.UtcTicks));
            }

            string?[] texts =
            [
                r.CallingNumberReceived, r.CallingNumber, r.CalledNumberReceived, r.CalledNumber, r.Peer, r.SourceAddress,
                r.Transport, r.CallId, r.PAssertedIdentity, r.Attestation, r.OrigId, r.Verdict, r.Rule, r.List,
            ];
            foreach (var text in texts)
            {
                var utf8 = text is null ? [] : System.Text.Encoding.UTF8.GetBytes(text);
                bytes.Add((byte)(text is null ? 0 : utf8.Length + 1));
                bytes.AddRange(utf8);
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void Ids_in_a_page_must_grow_and_an_unknown_encoding_is_named()
    {
        var builder = new CallPage.Builder();
        builder.Add(5, CallRecords.Make(CallRecords.T0, "+15550000001", "+12025550100"));
        Assert.Throws<ArgumentException>(() => builder.Add(5, CallRecords.Make(CallRecords.T0, "+15550000001", "+12025550100")));
        Assert.Throws<InvalidOperationException>(() => new CallPage.Builder().ToDocument());

        var page = new BsonDocument { ["_id"] = 5L, [CallPage.LastField] = 5L, [CallPage.CountField] = 1, [CallPage.RecordsField] = new byte[] { 9, 0 } };
        Assert.Contains("call page 5: unknown encoding 9", Assert.Throws<InvalidDataException>(() => CallPage.Records(page)).Message);
    }
}
