using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;
using Unmentoring.Web;

namespace Unmentoring.Tests.Hosting;

/// <summary>The probes, through the real host: live while the process runs, ready only with a current schema on a database that answers.</summary>
public sealed class HealthEndpointTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ready_CurrentSchema_200(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);

        var ready = await app.Client.GetAsync(ProbePaths.Ready);
        var live = await app.Client.GetAsync(ProbePaths.Live);
        var old = await app.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"Healthy\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal("ok", await old.Content.ReadAsStringAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ready_SchemaBehind_503WhileLiveStays200(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await using (var connection = await app.Database.Database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM schema_version WHERE version = (SELECT max(version) FROM schema_version)", null, default);
        }

        var ready = await app.Client.GetAsync(ProbePaths.Ready);
        var live = await app.Client.GetAsync(ProbePaths.Live);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("unmentoring migrate", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_DatabaseRefusesConnections_503WithoutSecrets()
    {
        var port = FreePort();
        await using var host = await HostOnAsync($"Host=127.0.0.1;Port={port};Database=unmentoring;Username=unmentoring;Password=s3cret-password");

        var ready = await host.Client.GetAsync(ProbePaths.Ready);
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("does not answer", body, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", body, StringComparison.Ordinal);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(ProbePaths.Live)).StatusCode);
    }

    [Fact]
    public async Task Ready_DatabaseAcceptsButNeverAnswers_503WithinAFewSeconds()
    {
        // A server that takes the connection and says nothing: the probe must not hang for the driver's own timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptSocketAsync());
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The listener stopped at the end of the test.
            }
        });
        await using var host = await HostOnAsync($"Host=127.0.0.1;Port={port};Database=unmentoring;Username=unmentoring;Password=x;Timeout=15");

        var clock = Stopwatch.StartNew();
        var ready = await host.Client.GetAsync(ProbePaths.Ready);
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, HealthEndpoints.ReadyTimeout + TimeSpan.FromSeconds(3));
        silent.Stop();
        await accepting;
        accepted.ForEach(s => s.Dispose());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web host on a PostgreSQL address, started without preparing the database (it cannot be reached).</summary>
    private static async Task<UnreachableHost> HostOnAsync(string connectionString)
    {
        var folder = Directory.CreateTempSubdirectory("unmentoring-health-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Unmentoring:DataDirectory"] = folder,
            ["Unmentoring:Roles:Dispatcher"] = "false",
            ["Unmentoring:Roles:Scheduler"] = "false",
        };
        var app = UnmentoringHost.BuildWeb(new CliContext(TextWriter.Null, TextWriter.Null, settings, TimeProvider.System), builder => builder.WebHost.UseTestServer());
        app.MapWeb();
        await app.StartAsync();
        return new UnreachableHost(app, folder);
    }

    private sealed class UnreachableHost(WebApplication app, string folder) : IAsyncDisposable
    {
        public HttpClient Client { get; } = app.GetTestServer().CreateClient();

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
