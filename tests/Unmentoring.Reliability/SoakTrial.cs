using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Unmentoring.Reliability.Support;
using Unmentoring.Tests.Support;
using Xunit.Abstractions;

namespace Unmentoring.Reliability;

/// <summary>
/// Five minutes of a working day on one <c>serve</c>: ten people a second sign up, confirm from the email,
/// open their manage link, skip the next round and take it back, while the dispatcher sends every email.
/// Memory and open handles are read from /proc every five seconds and must stay flat.
/// </summary>
/// <remarks>
/// The soak shares the machine with the other trials, and the kill trials' processes start while it runs.
/// A service that falls behind holds more sockets and buffers until it catches up, which is load, not a
/// leak; so the handles are compared once the journeys have ended and the outbox has settled, when
/// whatever was leaked is still held and whatever was queued is gone (the trial's own client closes its
/// connections first). A journey waits up to three minutes
/// for its confirmation email, for the same reason; the slowest is logged.
/// </remarks>
public sealed class SoakTrial(ITestOutputHelper output)
{
    private const int PeoplePerSecond = 10;

    /// <summary>Five minutes; UNMENTORING_RELIABILITY_SOAK_SECONDS shortens it for a quick local look (at least 150: the comparison needs a warm-up minute and a last minute).</summary>
    private static TimeSpan Duration => TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("UNMENTORING_RELIABILITY_SOAK_SECONDS"), out var s) && s >= 150 ? s : 300);

    [SkippableFact]
    public async Task FiveMinutesOfSignUpsManageActionsAndDispatch_MemoryAndHandlesStayFlat()
    {
        var server = await ReliabilityScheme.SharedServerAsync();
        var log = new TrialLog(output);
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var scheme = await ReliabilityScheme.CreateAsync(server, people: 0);
        var instance = await scheme.StartInstanceAsync("unmentoring-soak", smtp);
        using var forms = await FormClient.OpenAsync(instance.Address!);
        var inbox = new Inbox(smtp);

        var clock = Stopwatch.StartNew();
        var samples = new List<ProcessSample> { ProcessSample.Take(instance.ProcessId, clock.Elapsed) };
        var problems = new ConcurrentQueue<string>();
        var journeys = new List<Task>();
        var completed = 0;
        var slowestTicks = 0L;
        var nextSample = TimeSpan.FromSeconds(5);
        for (var i = 0; clock.Elapsed < Duration; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / PeoplePerSecond);
            // Read the clock once: read twice, it can pass the due time between the test and the subtraction,
            // and Task.Delay refuses a negative wait (a whole run of 6 December failed on it).
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            if (clock.Elapsed >= nextSample)
            {
                samples.Add(ProcessSample.Take(instance.ProcessId, clock.Elapsed));
                nextSample += TimeSpan.FromSeconds(5);
                inbox.Collect();
            }

            var email = string.Create(CultureInfo.InvariantCulture, $"soak-{i}@council{i % 50}.gov.uk");
            journeys.Add(Task.Run(async () =>
            {
                if (await JourneyAsync(forms, inbox, email, waited => InterlockedMax(ref slowestTicks, waited.Ticks)) is { } problem)
                {
                    problems.Enqueue($"{email}: {problem}");
                }
                else
                {
                    Interlocked.Increment(ref completed);
                }
            }));
        }

        await Task.WhenAll(journeys);
        var slowest = TimeSpan.FromTicks(Interlocked.Read(ref slowestTicks));
        var loadEnded = clock.Elapsed;
        samples.Add(ProcessSample.Take(instance.ProcessId, loadEnded));
        var settled = await Eventually.HoldsAsync(async () => await scheme.UnsettledEmailsAsync() == 0, TimeSpan.FromMinutes(2));
        // The client's idle keep-alive connections (up to 256 after a backlog) would count as the service's
        // handles for another minute; closed, the service lets go of its ends within a moment.
        forms.Dispose();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var drained = ProcessSample.Take(instance.ProcessId, clock.Elapsed);
        samples.Add(drained);
        var count = await TrialCount.TakeAsync("soak", scheme, smtp);

        var warm = samples.Where(s => s.At >= TimeSpan.FromSeconds(60) && s.At < TimeSpan.FromSeconds(120)).ToList();
        var last = samples.Where(s => s.At >= loadEnded - TimeSpan.FromSeconds(60) && s.At <= loadEnded).ToList();
        log.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"soak: {journeys.Count} journeys in {clock.Elapsed.TotalSeconds:0} s, {completed} completed, {problems.Count} problems; second minute peak {warm.Max(s => s.ResidentKiB) / 1024} MiB and {warm.Max(s => s.OpenHandles)} handles, last minute peak {last.Max(s => s.ResidentKiB) / 1024} MiB and {last.Max(s => s.OpenHandles)} handles, settled {drained.ResidentKiB / 1024} MiB and {drained.OpenHandles} handles; slowest confirmation email {slowest.TotalSeconds:0.0} s; threads {warm.Max(s => s.Threads)} then {last.Max(s => s.Threads)}"));
        log.Write($"soak samples: {string.Join(" | ", samples.Select(s => s.ToString()))}");
        log.Write(count.ToString());

        Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(10)));
        Assert.True(settled, $"Emails were still waiting after the soak: {count}{scheme.Logs()}");
        count.AssertCompleteOnce(people: 0, expectedRounds: 0, scheme.Logs());

        // Flat: after a warm-up minute (JIT, pools, caches), the last minute's memory peak stays close to the
        // second minute's, and once settled the process holds about the handles it held then. Growth at this
        // rate for five minutes would be a leak over a month of uptime.
        Assert.True(last.Max(s => s.ResidentKiB) <= warm.Max(s => s.ResidentKiB) * 1.25 + 32 * 1024, "Resident memory grew: " + string.Join(" | ", samples));
        Assert.True(drained.OpenHandles <= warm.Max(s => s.OpenHandles) + 32, "Open handles grew: " + string.Join(" | ", samples));
    }

    /// <summary>One person's visit: sign up, confirm from the email, skip the next round from the manage link, and take that back.</summary>
    private static async Task<string?> JourneyAsync(FormClient forms, Inbox inbox, string email, Action<TimeSpan> emailWaited)
    {
        var signedUp = await forms.SignUpAsync(email);
        if ((int?)signedUp.Status != 302)
        {
            return $"sign-up answered {signedUp.Status} {signedUp.Problem}";
        }

        string? confirmPath = null;
        var waiting = Stopwatch.StartNew();
        if (!await Eventually.HoldsAsync(() => Task.FromResult((confirmPath = inbox.LinkPath(email, "/confirm/")) is not null), TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(250)))
        {
            return "no confirmation email within 3 minutes";
        }

        emailWaited(waiting.Elapsed);

        var confirmed = await forms.PostAsync(confirmPath!);
        var managePath = FormClient.LinkPath(confirmed.Body, "/manage/");
        if ((int?)confirmed.Status != 200 || managePath is null)
        {
            return $"confirming answered {confirmed.Status} {confirmed.Problem} without a manage link";
        }

        foreach (var (step, response, expected) in new (string, Func<Task<FormResponse>>, int)[]
        {
            ("the skip page", () => forms.GetAsync(managePath + "/skip"), 200),
            ("skipping", () => forms.PostAsync(managePath + "/skip"), 302),
            ("taking the skip back", () => forms.PostAsync(managePath + "/skip?handler=Undo"), 302),
        })
        {
            var answer = await response();
            if ((int?)answer.Status != expected)
            {
                return $"{step} answered {answer.Status} {answer.Problem}";
            }
        }

        return null;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen;)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>The SMTP server's messages by recipient, read incrementally so that looking one up stays cheap.</summary>
    private sealed class Inbox(LoopbackSmtpServer smtp)
    {
        private readonly ConcurrentDictionary<string, string> _textByRecipient = new(StringComparer.OrdinalIgnoreCase);
        private int _read;

        public void Collect()
        {
            lock (_textByRecipient)
            {
                var received = smtp.Received;
                for (; _read < received.Count; _read++)
                {
                    var message = received[_read];
                    foreach (var to in message.EnvelopeTo)
                    {
                        _textByRecipient[to] = message.Message.TextBody ?? "";
                    }
                }
            }
        }

        public string? LinkPath(string recipient, string prefix)
        {
            Collect();
            return _textByRecipient.TryGetValue(recipient, out var text) ? FormClient.LinkPath(text, prefix) : null;
        }
    }
}
