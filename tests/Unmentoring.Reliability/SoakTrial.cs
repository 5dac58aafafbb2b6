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
        var nextSample = TimeSpan.FromSeconds(5);
        for (var i = 0; clock.Elapsed < Duration; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / PeoplePerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
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
                if (await JourneyAsync(forms, inbox, email) is { } problem)
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
        samples.Add(ProcessSample.Take(instance.ProcessId, clock.Elapsed));
        var settled = await Eventually.HoldsAsync(async () => await scheme.UnsettledEmailsAsync() == 0, TimeSpan.FromMinutes(2));
        var count = await TrialCount.TakeAsync("soak", scheme, smtp);

        var warm = samples.Where(s => s.At >= TimeSpan.FromSeconds(60) && s.At < TimeSpan.FromSeconds(120)).ToList();
        var last = samples.Where(s => s.At >= clock.Elapsed - TimeSpan.FromSeconds(60)).ToList();
        log.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"soak: {journeys.Count} journeys in {clock.Elapsed.TotalSeconds:0} s, {completed} completed, {problems.Count} problems; second minute peak {warm.Max(s => s.ResidentKiB) / 1024} MiB and {warm.Max(s => s.OpenHandles)} handles, last minute peak {last.Max(s => s.ResidentKiB) / 1024} MiB and {last.Max(s => s.OpenHandles)} handles; threads {warm.Max(s => s.Threads)} then {last.Max(s => s.Threads)}"));
        log.Write($"soak samples: {string.Join(" | ", samples.Select(s => s.ToString()))}");
        log.Write(count.ToString());

        Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(10)));
        Assert.True(settled, $"Emails were still waiting after the soak: {count}{scheme.Logs()}");
        count.AssertCompleteOnce(people: 0, expectedRounds: 0, scheme.Logs());

        // Flat: after a warm-up minute (JIT, pools, caches), the last minute's peaks stay close to the second
        // minute's. Growth at this rate for five minutes would be a leak over a month of uptime.
        Assert.True(last.Max(s => s.ResidentKiB) <= warm.Max(s => s.ResidentKiB) * 1.25 + 32 * 1024, "Resident memory grew: " + string.Join(" | ", samples));
        Assert.True(last.Max(s => s.OpenHandles) <= warm.Max(s => s.OpenHandles) + 32, "Open handles grew: " + string.Join(" | ", samples));
    }

    /// <summary>One person's visit: sign up, confirm from the email, skip the next round from the manage link, and take that back.</summary>
    private static async Task<string?> JourneyAsync(FormClient forms, Inbox inbox, string email)
    {
        var signedUp = await forms.SignUpAsync(email);
        if ((int?)signedUp.Status != 302)
        {
            return $"sign-up answered {signedUp.Status} {signedUp.Problem}";
        }

        string? confirmPath = null;
        if (!await Eventually.HoldsAsync(() => Task.FromResult((confirmPath = inbox.LinkPath(email, "/confirm/")) is not null), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250)))
        {
            return "no confirmation email within 60 s";
        }

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
