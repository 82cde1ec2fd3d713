using System.Text;
using System.Text.RegularExpressions;
using EdgeBlocker.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// Every RFC 4475 and RFC 5118 torture message, sent to the running box over UDP and over TCP (a new connection per
/// message). Only the Via's sent-by (and received/maddr) is changed, to name the test's socket; see
/// <see cref="ViaRewriter"/>. The box must stay up, never answer a well-formed request with 400, refuse (≥400) or
/// drop a malformed one without relaying it, and never answer a response. No peers are configured, so the test
/// socket on 127.0.0.2 counts as a trunk; the core is a <see cref="CoreStub"/> that swallows what is relayed.
/// </summary>
public sealed partial class ConformanceTests(ConformanceTests.Fixture fixture, ITestOutputHelper output)
    : IClassFixture<ConformanceTests.Fixture>
{
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(3);

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var transport in new[] { "udp", "tcp" })
        {
            foreach (var test in ConformanceCase.All())
            {
                data.Add(transport, test.Folder, test.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Torture_message_gets_the_treatment_its_index_expects(string transport, string folder, string name)
    {
        var test = ConformanceCase.Find(folder, name);
        var service = fixture.Service;
        await using SipClient client = transport == "udp"
            ? SipClient.Udp(service.SipEndPoint)
            : await SipClient.ConnectTcpAsync(service.SipEndPoint);
        var message = ViaRewriter.Rewrite(await File.ReadAllBytesAsync(test.Path), client.LocalEndPoint);
        var callId = CallIdOf(message);
        var coreBefore = fixture.Core.Received;
        var knownBranches = coreBefore.Select(m => m.TopViaBranch).ToHashSet();

        await client.SendAsync(message);
        var replies = await ReadRepliesAsync(client);
        await service.AssertAliveAsync($"{folder}/{name}.dat over {transport}");

        var what = $"{folder}/{name}.dat ({test.Title}, expect {test.Expect}) over {transport}";
        var seen = SipClient.Describe(replies);
        output.WriteLine($"{what}: replies {seen}");
        switch (test.Expect)
        {
            case "accept":
                Assert.True(!replies.Any(r => r.StatusCode == 400), $"{what}: a well-formed request was answered 400: {seen}\n{First(replies, 400)}");
                break;
            case "reject":
                Assert.True(replies.Where(r => r.IsFinal).All(r => r.StatusCode >= 400), $"{what}: a malformed request was accepted: {seen}");
                // A new branch at the core with this Call-ID would be a relay (the box's retransmissions reuse theirs).
                var relayed = fixture.Core.Received.Skip(coreBefore.Count)
                    .Where(m => callId is not null && m.CallId == callId && !knownBranches.Contains(m.TopViaBranch))
                    .ToList();
                Assert.True(relayed.Count == 0, $"{what}: a malformed request was relayed to the core: {SipClient.Describe(relayed)}");
                break;
            case "no-reply":
                Assert.True(replies.Count == 0, $"{what}: a response was answered: {seen}");
                break;
            default:
                // reject-or-liberal and unspecified: either way is fine; staying up is what counts.
                break;
        }
    }

    /// <summary>What comes back: until a final response, the connection closes, or the line stays quiet.</summary>
    private static async Task<List<WireMessage>> ReadRepliesAsync(SipClient client)
    {
        var replies = new List<WireMessage>();
        var deadline = DateTime.UtcNow + Longest;
        while (DateTime.UtcNow < deadline)
        {
            var left = deadline - DateTime.UtcNow;
            var reply = await client.ReceiveAsync(left < Silence ? left : Silence);
            if (reply is null)
            {
                break;
            }
            replies.Add(reply);
            if (reply.IsFinal)
            {
                break;
            }
        }
        return replies;
    }

    private static string First(IEnumerable<WireMessage> replies, int status) =>
        replies.FirstOrDefault(r => r.StatusCode == status)?.Raw ?? string.Empty;

    private static string? CallIdOf(byte[] message)
    {
        var match = CallIdHeader().Match(Encoding.Latin1.GetString(message));
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    [GeneratedRegex(@"(?<=\n)(?:call-id|i)[ \t]*:[ \t]*([^\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex CallIdHeader();

    public sealed class Fixture : ProxyFixture
    {
        protected override ServiceSettings Configure(CoreStub core) => new() { Core = core.Uri, WithPeer = false };
    }
}
