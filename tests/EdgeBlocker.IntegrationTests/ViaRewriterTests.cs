using System.Net;
using System.Text;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// The harness's own check: the torture messages' Via must really name the test socket, or "no reply" in
/// <see cref="ConformanceTests"/> would mean nothing (and the box's answers could leave loopback).
/// </summary>
public sealed class ViaRewriterTests
{
    private static readonly IPEndPoint Socket = new(Loopback.Peer, 40123);

    [Fact]
    public void Folded_top_Via_of_wsinv_gets_the_socket_as_sent_by_and_keeps_its_odd_whitespace()
    {
        var text = Rewrite("rfc4475", "wsinv");

        Assert.Contains("Via  : SIP  /   2.0\r\n /UDP\r\n    127.0.0.2:40123;branch=390skdjuw\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.2;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_top_Via_of_a_request_changes()
    {
        var text = Rewrite("rfc4475", "dblreq");

        Assert.Contains("Via: SIP/2.0/UDP 127.0.0.2:40123;branch=z9hG4bKkdjuw23492\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Received_parameter_names_the_socket_too()
    {
        var text = Rewrite("rfc5118", "via-received-param-with-delim");

        Assert.Contains("Via: SIP/2.0/UDP 127.0.0.2:40123;received=127.0.0.2;branch=z9hG4bKas3-111\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_Via_of_a_response_names_the_socket_so_a_wrongly_forwarded_response_stays_on_loopback()
    {
        var vias = WireMessage.Parse(Rewrite("rfc4475", "bcast")).HeaderValues("Via").ToList();

        Assert.Equal(2, vias.Count);
        Assert.All(vias, via => Assert.StartsWith("SIP/2.0/UDP 127.0.0.2:40123;branch=", via, StringComparison.Ordinal));
    }

    [Fact]
    public void Bytes_outside_the_Via_are_unchanged()
    {
        var original = File.ReadAllBytes(ConformanceCase.Find("rfc4475", "intmeth").Path);
        var rewritten = ViaRewriter.Rewrite(original, Socket);

        var before = Encoding.Latin1.GetString(original);
        var after = Encoding.Latin1.GetString(rewritten);
        Assert.Equal(before.Replace("host1.example.com;", "127.0.0.2:40123;", StringComparison.Ordinal), after);
    }

    private static string Rewrite(string folder, string name) =>
        Encoding.Latin1.GetString(ViaRewriter.Rewrite(File.ReadAllBytes(ConformanceCase.Find(folder, name).Path), Socket));
}
