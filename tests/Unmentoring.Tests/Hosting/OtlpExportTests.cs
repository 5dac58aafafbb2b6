using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Hosting;

/// <summary>
/// With the standard OTEL_EXPORTER_OTLP_ENDPOINT set, metrics and traces go to that collector by OTLP. The
/// collector here is an HTTP listener in the test that keeps what it is sent (OTLP over HTTP with protobuf, whose
/// strings travel as plain UTF-8, so the instrument and span names can be looked for in the bytes).
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_OurMetricsAndTheRoundsTrace_ReachTheCollector()
    {
        using var collector = new Collector();
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });

        await app.SignUpAsync(WebApp.ValidSignUp("ada@org1.example.org"));
        await app.Services.GetRequiredService<RoundService>().RunAsync(new Period(2026, 12));

        var metrics = await collector.WaitForAsync("/v1/metrics", "unmentoring.rounds.run");
        await collector.WaitForAsync("/v1/traces", "unmentoring.round");

        Assert.Contains("unmentoring.signups", metrics, StringComparison.Ordinal);
    }

    /// <summary>An OTLP/HTTP collector on a free loopback port: answers 200 to every POST and keeps its body by path.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentDictionary<string, StringBuilder> _received = new();
        private readonly Task _loop;

        public Collector()
        {
            var port = LoopbackSmtpServer.FreePort();
            Address = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Address { get; }

        /// <summary>Everything posted to <paramref name="path"/> so far, once it holds <paramref name="text"/> (or after 30 s, for the failure message).</summary>
        public async Task<string> WaitForAsync(string path, string text)
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            string received;
            while (!(received = Received(path)).Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }

            Assert.True(received.Contains(text, StringComparison.Ordinal), $"The collector was never sent '{text}' at {path}; it received at: {string.Join(", ", _received.Keys)}");
            return received;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends by its listener being stopped under it.
            }
        }

        private string Received(string path)
        {
            if (!_received.TryGetValue(path, out var builder))
            {
                return "";
            }

            lock (builder)
            {
                return builder.ToString();
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var builder = _received.GetOrAdd(context.Request.Url!.AbsolutePath, _ => new StringBuilder());
                lock (builder)
                {
                    builder.Append(Encoding.Latin1.GetString(body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }
}
