using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>The block answer selected by EdgeBlocker:Screening:Response (607, 608 with Call-Info, plain 603).</summary>
public sealed class BlockResponseTests
{
    [Theory]
    [InlineData("607", 607)]
    [InlineData("608", 608)]
    [InlineData("603", 603)]
    public async Task Configured_response_answers_a_blocked_caller(string setting, int expected)
    {
        await using var core = CoreStub.Udp(Ports.Next());
        var extra = new Dictionary<string, string> { ["EdgeBlocker:Screening:JCardUrl"] = "https://provider.example/jcard.json" };
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = core.Uri, ScreeningResponse = setting, Extra = extra });
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.BlockedNumber);

        var final = await call.InviteAsync();
        await client.SendAsync(call.Ack(final));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(expected == final.StatusCode, $"expected {expected}, got:\n{final}\nbox:\n{service.Output}");
        switch (expected)
        {
            case 608:
                // RFC 8688 §3.3: a 608 names the intermediary that rejected the call in Call-Info (purpose=jwscard).
                var callInfo = final.Header("Call-Info");
                Assert.True(callInfo is not null, $"608 without Call-Info:\n{final}");
                Assert.Contains("jwscard", callInfo, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("<https://provider.example/jcard.json>", callInfo, StringComparison.Ordinal);
                break;
            case 603:
                // Plain 603 Decline, not the 603+ "Network Blocked" form.
                Assert.DoesNotContain("Network Blocked", final.ReasonPhrase, StringComparison.OrdinalIgnoreCase);
                break;
        }
        Assert.Empty(core.ReceivedWithCallId(call.CallId));
    }
}
