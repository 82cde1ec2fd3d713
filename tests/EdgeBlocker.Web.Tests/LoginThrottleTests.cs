using System.Net;

namespace EdgeBlocker.Web.Tests;

/// <summary>Password guessing is throttled: the tenth wrong password within a minute is refused unchecked.</summary>
public sealed class LoginThrottleTests : IClassFixture<ServiceWithPassword>
{
    private readonly ServiceWithPassword fixture;

    public LoginThrottleTests(ServiceWithPassword fixture) => this.fixture = fixture;

    [Fact]
    public async Task The_tenth_wrong_password_in_a_minute_is_throttled_and_so_is_the_right_one_after_it()
    {
        using var session = new WebSession(fixture.BaseAddress);
        for (var i = 1; i <= 9; i++)
        {
            var wrong = await session.LogInAsync("wrong password " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var tenth = await session.LogInAsync("wrong password 10");
        Assert.Equal(HttpStatusCode.TooManyRequests, tenth.StatusCode);
        Assert.NotNull(tenth.Headers.RetryAfter);
        Assert.Contains("Too many wrong passwords", await tenth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Refused without checking: even the right password waits out the minute.
        var right = await session.LogInAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/")).StatusCode);
    }
}
