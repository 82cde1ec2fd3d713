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
