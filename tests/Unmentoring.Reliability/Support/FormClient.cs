using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Unmentoring.Reliability.Support;

/// <summary>What one form post got back, and how long it took.</summary>
public sealed record FormResponse(HttpStatusCode? Status, string Body, TimeSpan Took, string? Problem)
{
    public bool ServerError => Status is null || (int)Status >= 500;
}

/// <summary>
/// Posts the service's forms as a browser would after showing the sign-up form once: the antiforgery
/// cookie, its token and the form's signed "shown" stamp come from one GET and serve every later post
/// (they are not tied to a person), as the sign-up load script in the benchmarks does.
/// </summary>
public sealed class FormClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;
    private readonly string _shown;
    private readonly string _cookie;

    private FormClient(HttpClient http, string token, string shown, string cookie)
    {
        _http = http;
        _token = token;
        _shown = shown;
        _cookie = cookie;
    }

    public static async Task<FormClient> OpenAsync(Uri address)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(120),
        };
        using var page = await http.GetAsync(new Uri("/sign-up", UriKind.Relative));
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith("unmentoring-antiforgery=", StringComparison.Ordinal));
        return new FormClient(http, Field(html, "__RequestVerificationToken"), Field(html, "shown"), cookie);
    }

    public Task<FormResponse> SignUpAsync(string email) => PostAsync("/sign-up", new Dictionary<string, string>
    {
        ["shown"] = _shown,
        ["name"] = "Reliability Trial",
        ["email"] = email,
        ["organisation"] = "",
        ["role"] = "Tester",
        ["phone"] = "",
        ["video"] = "",
        ["intro"] = "Checking the service under load",
        ["cadence"] = "monthly",
        ["consent"] = "yes",
        ["conduct"] = "yes",
        ["website"] = "",
    });

    public async Task<FormResponse> PostAsync(string path, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["__RequestVerificationToken"] = _token };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Cookie", _cookie);
        return await SendAsync(request);
    }

    public async Task<FormResponse> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        return await SendAsync(request);
    }

    private async Task<FormResponse> SendAsync(HttpRequestMessage request)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new FormResponse(response.StatusCode, body, clock.Elapsed, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new FormResponse(null, "", clock.Elapsed, ex.Message);
        }
    }

    /// <summary>The path of the first link in <paramref name="text"/> that starts with <paramref name="prefix"/> (e.g. <c>/confirm/</c>).</summary>
    public static string? LinkPath(string text, string prefix)
    {
        var match = Regex.Match(text, Regex.Escape(prefix) + @"[A-Za-z0-9_\-\.~%]+");
        return match.Success ? match.Value : null;
    }

    private static string Field(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"The sign-up form has no {name} field.");
    }

    public void Dispose() => _http.Dispose();
}
