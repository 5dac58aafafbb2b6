using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;
using Unmentoring.Web;

namespace Unmentoring.Tests.Web;

/// <summary>
/// The real web host (UnmentoringHost.BuildWeb, the same services and pipeline that <c>serve</c> runs) on
/// the test server, over a fresh database, with a fake clock. The client keeps cookies like a browser and
/// does not follow redirects, so tests see each one.
/// </summary>
public sealed partial class WebApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private WebApp(WebApplication app, TestDatabase database, FakeTimeProvider time)
    {
        _app = app;
        Database = database;
        Time = time;
        Client = NewClient();
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; private set; }

    internal IServiceProvider Services => _app.Services;

    public static async Task<WebApp> StartAsync(string provider = TestDatabase.Sqlite, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var time = new FakeTimeProvider(Start);
        var database = await TestDatabase.CreateAsync(provider, time);
        var all = database.Settings;
        all["Unmentoring:PublicBaseUrl"] = "https://unmentoring.test";
        all["Unmentoring:Web:FormPostsPerWindow"] = "10000";
        all["Unmentoring:Roles:Dispatcher"] = "false";

        // The pages on their own: no rounds fire (nor catch up) under the tests' clock.
        all["Unmentoring:Roles:Scheduler"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var errors = new ErrorLog();
        var app = UnmentoringHost.BuildWeb(new CliContext(TextWriter.Null, TextWriter.Null, all, time), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.AddProvider(errors);
            configureServices?.Invoke(builder.Services);
        });
        var services = app.Checked();
        await StorageServices.PrepareDatabaseAsync(services, default);
        app.MapWeb();
        await app.StartAsync();
        return new WebApp(app, database, time) { Errors = errors };
    }

    /// <summary>Everything the service logged (information and above), so tests can say why something failed and what a log would hold.</summary>
    public ErrorLog Errors { get; private init; } = new();

    /// <summary>A second browser: no cookies shared with <see cref="Client"/>; from <paramref name="address"/> when given (the test server has none of its own).</summary>
    public HttpClient NewClient(System.Net.IPAddress? address = null)
    {
        var server = _app.GetTestServer();
        var handler = address is null ? server.CreateHandler() : server.CreateHandler(context => context.Connection.RemoteIpAddress = address);
        return new HttpClient(new CookieHandler(handler)) { BaseAddress = new Uri("https://unmentoring.test") };
    }

    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> GetAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? Client).GetAsync(path);
        return (response, await ParseAsync(response));
    }

    /// <summary>
    /// Fills in the page's form like a browser: every field the form already has (the antiforgery token,
    /// hidden fields, kept values, checked boxes), with <paramref name="values"/> laid over them.
    /// </summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SubmitAsync(IHtmlDocument page, IEnumerable<KeyValuePair<string, string>> values, string? formSelector = null, HttpClient? client = null)
    {
        var form = (IHtmlFormElement)(page.QuerySelector(formSelector ?? "main form") ?? throw new InvalidOperationException("The page has no form."));
        var fields = new List<KeyValuePair<string, string>>();
        var overrides = values.ToList();
        var names = overrides.Select(v => v.Key).ToHashSet();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !names.Contains(input.Name ?? ""):
                    if (input.Type is "checkbox" or "radio" ? input.IsChecked : input.Type != "submit")
                    {
                        fields.Add(new(input.Name ?? "", input.Value));
                    }

                    break;
                case IHtmlTextAreaElement area when !names.Contains(area.Name ?? ""):
                    fields.Add(new(area.Name ?? "", area.Value));
                    break;
            }
        }

        fields.AddRange(overrides);
        var action = new Uri(new Uri(page.Url), form.GetAttribute("action") ?? "");
        var response = await (client ?? Client).PostAsync(action.PathAndQuery, new FormUrlEncodedContent(fields));
        return (response, await ParseAsync(response));
    }

    /// <summary>Shows the sign-up form, waits as a person would, and sends it.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SignUpAsync(IEnumerable<KeyValuePair<string, string>> values, HttpClient? client = null)
    {
        var (_, form) = await GetAsync("/sign-up", client);
        Time.Advance(TimeSpan.FromSeconds(30));
        return await SubmitAsync(form, values, client: client);
    }

    public static Dictionary<string, string> ValidSignUp(string email = "ada@leeds.gov.uk") => new()
    {
        ["name"] = "Ada Lovelace",
        ["email"] = email,
        ["organisation"] = "Leeds City Council",
        ["role"] = "Service designer",
        ["phone"] = "01632 960 001",
        ["video"] = "ada.teams",
        ["intro"] = "I redesign council tax forms.\nHappy to talk about anything.",
        ["cadence"] = "2-monthly",
        ["consent"] = "yes",
        ["conduct"] = "yes",
    };

    /// <summary>The link in the newest confirmation email in the outbox (the email the service actually composed).</summary>
    public async Task<string> LatestLinkAsync(string kind, string recipientContains)
    {
        await using var connection = await Database.Database.OpenAsync();
        var body = await connection.ScalarAsync<string>(
            "SELECT text_body FROM outbox_messages WHERE kind = @kind AND recipient LIKE @to ORDER BY id DESC LIMIT 1",
            null,
            default,
            ("kind", kind),
            ("to", "%" + recipientContains + "%"));
        Assert.False(string.IsNullOrEmpty(body), $"No {kind} email to {recipientContains} in the outbox.");
        var match = Link().Match(body!);
        Assert.True(match.Success, $"No link in the {kind} email: {body}");
        return new Uri(match.Value).PathAndQuery;
    }

    public async Task<long> CountAsync(string sql, params (string, object?)[] parameters)
    {
        await using var connection = await Database.Database.OpenAsync();
        return await connection.ScalarAsync<long>(sql, null, default, parameters);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        var document = await context.OpenAsync(request => request.Content(html).Address(response.RequestMessage!.RequestUri!));
        return (IHtmlDocument)document;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Database.DisposeAsync();
    }

    [GeneratedRegex(@"https://unmentoring\.test/(confirm|manage|organise/sign-in/link)/[A-Za-z0-9_\-]+")]
    private static partial Regex Link();

    public sealed class ErrorLog : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _entries = new();

        public IReadOnlyCollection<string> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _entries.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Keeps cookies between requests, as a browser does (the test server's handler does not).</summary>
    private sealed class CookieHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly CookieContainer _cookies = new();

        public void Add(Cookie cookie) => _cookies.Add(cookie);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = _cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                foreach (var value in values)
                {
                    _cookies.SetCookies(request.RequestUri!, value);
                }
            }

            return response;
        }
    }
}
