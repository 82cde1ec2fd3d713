using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// A browser-like HTTP client for the web page: keeps cookies, never follows redirects (tests assert them), and posts
/// forms with the antiforgery token read from the page, as a browser would.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    public const string Password = "correct horse battery";

    private readonly HttpClientHandler handler = new() { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };

    public WebSession(Uri baseAddress)
    {
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public async Task<string> FormTokenAsync(string path)
    {
        var html = await Http.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}:\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form, with the token from <paramref name="tokenFrom"/> (default: the same path) unless it is null.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, bool withToken = true, string? tokenFrom = null)
    {
        var body = new Dictionary<string, string>(fields);
        if (withToken)
        {
            body["__RequestVerificationToken"] = await FormTokenAsync(tokenFrom ?? path.Split('?')[0]);
        }

        using var content = new FormUrlEncodedContent(body);
        return await Http.PostAsync(path, content);
    }

    public async Task SetUpPasswordAsync()
    {
        var response = await PostFormAsync("/setup", new Dictionary<string, string> { ["password"] = Password, ["confirmation"] = Password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"setup: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public Task<HttpResponseMessage> LogInAsync(string password = Password) =>
        PostFormAsync("/login", new Dictionary<string, string> { ["password"] = password });

    /// <summary>Creates an API token on the settings page and returns its text.</summary>
    public async Task<string> CreateTokenAsync(string name, string role)
    {
        var response = await PostFormAsync("/settings?handler=CreateToken", new Dictionary<string, string> { ["name"] = name, ["role"] = role });
        var html = await response.Content.ReadAsStringAsync();
        var match = NewTokenPattern().Match(html);
        Assert.True(match.Success, $"no new token shown: {(int)response.StatusCode}\n{html}");
        return match.Groups[1].Value;
    }

    /// <summary>A client that authenticates with a bearer token only (no cookies).</summary>
    public static HttpClient WithToken(Uri baseAddress, string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<code id=\"new-token\">([^<]+)</code>")]
    private static partial Regex NewTokenPattern();
}
