using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Unmentoring.Mail;
using Unmentoring.Tests.Support;

namespace Unmentoring.Benchmarks;

/// <summary>
/// Messages a second through a relay <c>--delay-ms</c> away each way (a <see cref="LatencyProxy"/> in front
/// of the loopback SMTP server), with 1, 2, 4, 8 and 16 connections at once, as the dispatcher's
/// Concurrency setting opens them: each connection sends its batches of 50 one message after another over
/// the service's own <see cref="SmtpTransport"/>. It measures the SMTP side only; the outbox's
/// bookkeeping per message is in docs/benchmarks.md ("Email delivery").
/// </summary>
internal static class RelayLatencyBenchmark
{
    public const string Verb = "relay-latency";

    public const string Usage = """
        Usage: relay-latency [--messages N] [--concurrency 1,2,4,8,16] [--delay-ms 20]

          --messages     messages sent at each concurrency (default 2000)
          --concurrency  the connection counts to try, comma-separated (default 1,2,4,8,16)
          --delay-ms     the proxy's delay each way in milliseconds (default 20)
        """;

    private const int BatchSize = 50;

    public static int Run(string[] args)
    {
        if (VerbOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var messages = int.Parse(options.GetValueOrDefault("--messages", "2000"), CultureInfo.InvariantCulture);
        var levels = options.GetValueOrDefault("--concurrency", "1,2,4,8,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var delay = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("--delay-ms", "20"), CultureInfo.InvariantCulture));
        return RunAsync(messages, levels, delay).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int messages, IReadOnlyList<int> levels, TimeSpan delay)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.KeepMessages = false;
        await using var proxy = new LatencyProxy(new IPEndPoint(IPAddress.Loopback, server.Port), delay);
        var transport = new SmtpTransport(new SmtpOptions { Host = "127.0.0.1", Port = proxy.Port, Security = SmtpSecurity.None }, NullLogger<SmtpTransport>.Instance);
        var body = string.Join("\n", Enumerable.Repeat("Hello, this is your introduction for this month's round of UnMentoring.", 80));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"relay-latency: {messages} messages per level, {delay.TotalMilliseconds} ms each way, batches of {BatchSize}"));
        Console.WriteLine("| concurrency | messages | seconds | messages a second |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var concurrency in levels)
        {
            var before = server.Count;
            var next = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    var start = Interlocked.Add(ref next, BatchSize) - BatchSize;
                    if (start >= messages)
                    {
                        return;
                    }

                    await using var session = await transport.OpenAsync(default);
                    for (var i = start; i < Math.Min(start + BatchSize, messages); i++)
                    {
                        using var message = Message(i, body);
                        var result = await session.SendAsync(message, default);
                        if (result.Status != DeliveryStatus.Sent)
                        {
                            throw new InvalidOperationException($"Message {i} was not sent: {result.Reply}");
                        }
                    }
                }
            })));
            clock.Stop();
            var sent = server.Count - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {concurrency} | {sent} | {clock.Elapsed.TotalSeconds:0.00} | {sent / clock.Elapsed.TotalSeconds:0.0} |"));
        }

        return 0;
    }

    private static MimeMessage Message(int number, string body) => new(
        [new MailboxAddress("UnMentoring", "unmentoring@unmentoring.example")],
        [new MailboxAddress($"Person {number}", $"person{number}@org{number % 97}.example.org")],
        "Your UnMentoring introduction",
        new TextPart("plain") { Text = body });
}
