using System.Globalization;
using System.Text.RegularExpressions;
using Unmentoring.Feedback;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Operations;

/// <summary>
/// The restore drill of docs/operations.md, run for real: a PostgreSQL database with rounds and outbox history
/// (sent, failed and ambiguous emails) is backed up with pg_dump, restored with pg_restore into a fresh
/// database, and the service started on the copy replays every round identically, has every "did you meet?"
/// request and answer, and sends nothing again.
/// </summary>
public sealed partial class RestoreDrillTests
{
    private static readonly string[] HistoryPeriods = ["2026-09", "2026-10", "2026-11"];
    private const string NextPeriod = "2026-12";

    /// <summary>This person's relay refuses every email (5xx: failed, and they are flagged undeliverable).</summary>
    private const string Refused = "person1@org1.example";

    /// <summary>This person's emails are taken but the connection drops before the reply: ambiguous, never resent.</summary>
    private const string Dropped = "person2@org2.example";

    [SkippableFact]
    public async Task BackupRestored_ServiceStartsOnIt_EveryRoundReplaysIdentically_AndNoEmailIsSentAgain()
    {
        await using var relay = await LoopbackSmtpServer.StartAsync();
        relay.Verdict = message => message.To.Mailboxes.First().Address switch
        {
            Refused => SmtpVerdict.Refuse,
            Dropped => SmtpVerdict.DropAfterData,
            _ => SmtpVerdict.Accept,
        };
        await using var original = await ServiceHost.StartAsync(TestDatabase.Postgres, settings: MailSettings(relay));

        // History: three rounds, each emailed out, its members asked "did you meet?" and some of them
        // answering, before the next, until nothing is left to try.
        await original.AddPeopleAsync(30);
        foreach (var period in HistoryPeriods.Select(p => Period.TryParse(p, out var period) ? period : throw new FormatException(p)))
        {
            var round = (await original.Rounds.RunAsync(period, period.FirstDay)).Round;
            await DispatchUntilSettledAsync(original);
            await AskAndAnswerAsync(original, round.Id);
            await DispatchUntilSettledAsync(original);
        }

        var feedback = await FeedbackAsync(original.Database.Database);
        Assert.Equal(HistoryPeriods.Length, feedback.Select(f => f.Round).Distinct().Count());
        Assert.Equal(["couldNotMeet", "met", "none", "notYet"], feedback.Select(f => f.Answer).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(await OutboxAsync(original.Database.Database), m => m.Key.Contains(":followUp:", StringComparison.Ordinal) && m.State == "sent");

        var history = await OutboxAsync(original.Database.Database);
        Assert.Contains(history, m => m.State == "sent");
        Assert.Contains(history, m => m.State == "failed");
        Assert.Contains(history, m => m.State == "ambiguous");
        Assert.All(history, m => Assert.Contains(m.State, new[] { "sent", "failed", "ambiguous" }));
        var deliveredBefore = relay.Delivered;
        var linkSentBefore = ManageLink().Match(deliveredBefore.First(m => m.EnvelopeTo[0] != Dropped).Message.TextBody ?? "").Groups["path"].Value;

        // The backup and the restore, with PostgreSQL's own programs, into a database that did not exist.
        var server = await PostgresServer.GetAsync();
        var dump = Path.Combine(original.Database.DataDirectory, "unmentoring.dump");
        await PostgresTools.DumpAsync(original.Database.PostgresConnectionString!, dump);
        var restored = await server.CreateDatabaseAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("unmentoring-restored-").FullName;
        try
        {
            await PostgresTools.RestoreAsync(dump, restored);
            await using var restoredDatabase = Database.ForPostgres(restored);
            Assert.Equal(history, await OutboxAsync(restoredDatabase));
            Assert.Equal(feedback, await FeedbackAsync(restoredDatabase));

            // The service on the copy: a fresh relay, which must receive nothing from the history.
            await using var freshRelay = await LoopbackSmtpServer.StartAsync();
            var environment = RestoredEnvironment(restored, dataDirectory, freshRelay);
            var port = LoopbackSmtpServer.FreePort();
            using (var service = ServiceProcess.Start(["serve", "--urls", $"http://127.0.0.1:{port}"], environment))
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await WaitForAsync(async () => await AnswersAsync(http, ProbePaths.Health), TimeSpan.FromSeconds(60), () => "The service did not start on the restored database:\n" + string.Join('\n', service.Lines.TakeLast(30)));

                // Links in emails sent before the backup still work: the signing key came back with the data.
                Assert.True(await AnswersAsync(http, linkSentBefore), $"The manage link sent before the backup, {linkSentBefore}, does not open on the restored service.");

                // Every round replays identically (the verb in-process, on the same settings as the service).
                var settings = environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value);
                foreach (var period in HistoryPeriods)
                {
                    var replay = await Support.Cli.RunAsync(settings, "round", "replay", period);
                    Assert.True(replay.ExitCode == 0, $"round replay {period} exited {replay.ExitCode}: {replay.Output} {replay.Error}");
                    Assert.Contains($"The {period} round replays identically", replay.Output, StringComparison.Ordinal);
                }

                // A new round after the restore is the dispatcher's proof of life: once its emails have arrived,
                // the dispatcher has been polling the restored outbox all along, and sent nothing else.
                var run = await Support.Cli.RunAsync(settings, "round", "run", "--period", NextPeriod);
                Assert.True(run.ExitCode == 0, $"round run exited {run.ExitCode}: {run.Output} {run.Error}");
                var nextRound = await NextRoundRecipientsAsync(restoredDatabase);
                Assert.NotEmpty(nextRound);
                await WaitForAsync(
                    async () => await CountAsync(restoredDatabase, "SELECT count(*) FROM outbox_messages WHERE state IN ('pending', 'sending', 'retrying')") == 0,
                    TimeSpan.FromSeconds(60),
                    () => "The restored service did not send the new round's emails:\n" + string.Join('\n', service.Lines.TakeLast(30)));

                Assert.Equal(nextRound.Order(), freshRelay.Received.Select(m => m.EnvelopeTo[0]).Order());
                Assert.Equal(history, (await OutboxAsync(restoredDatabase)).Take(history.Count));
                Assert.Equal(feedback, await FeedbackAsync(restoredDatabase));
            }
        }
        finally
        {
            await server.DropDatabaseAsync(restored);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static Dictionary<string, string?> MailSettings(LoopbackSmtpServer relay) => new()
    {
        ["Unmentoring:Smtp:Host"] = "127.0.0.1",
        ["Unmentoring:Smtp:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
        ["Unmentoring:Smtp:Security"] = "None",
        ["Unmentoring:Dispatcher:FirstRetryAfter"] = "00:00:01",
        ["Unmentoring:Dispatcher:MaxBackoff"] = "00:00:02",
    };

    private static Dictionary<string, string?> RestoredEnvironment(string connectionString, string dataDirectory, LoopbackSmtpServer relay)
    {
        var environment = MailSettings(relay).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["ConnectionStrings__Postgres"] = connectionString;
        environment["Unmentoring__DataDirectory"] = dataDirectory;
        environment["Unmentoring__PublicBaseUrl"] = "https://unmentoring.example.org";
        environment["Unmentoring__Dispatcher__PollInterval"] = "00:00:00.2";
        return environment;
    }

    /// <summary>
    /// Asks the round's members "did you meet?" (their follow-up emails queued), and three of them answer: met,
    /// could not meet for want of time, not yet. The others stay silent.
    /// </summary>
    private static async Task AskAndAnswerAsync(ServiceHost host, long roundId)
    {
        var (sent, refusal) = await host.Get<FeedbackRequests>().SendNowAsync(null, default);
        Assert.True(sent is { Asked: > 0 }, refusal);
        var members = (await host.Get<RoundStore>().GroupsAsync(roundId)).SelectMany(g => g).ToList();
        var store = host.Get<FeedbackStore>();
        var now = DateTime.UtcNow;
        Assert.True(await store.RecordAnswerAsync(roundId, members[0], FeedbackAnswer.Met, null, null, now, default));
        Assert.True(await store.RecordAnswerAsync(roundId, members[1], FeedbackAnswer.CouldNotMeet, CouldNotMeetReason.NoTime, null, now, default));
        Assert.True(await store.RecordAnswerAsync(roundId, members[2], FeedbackAnswer.NotYet, null, null, now, default));
    }

    private sealed record FeedbackRow(long Round, long Participant, string AskedAt, string Answer, string? Reason, string? RecordedAt);

    /// <summary>Every "did you meet?" request and its answer (<c>none</c> for the silent), in a fixed order.</summary>
    private static async Task<List<FeedbackRow>> FeedbackAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.Command(
            """
            SELECT q.round_id, q.participant_id, q.asked_at, coalesce(f.outcome, 'none'), f.reason_code, f.recorded_at
            FROM feedback_requests q LEFT JOIN feedback f ON f.round_id = q.round_id AND f.participant_id = q.participant_id
            ORDER BY q.round_id, q.participant_id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<FeedbackRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new FeedbackRow(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.Utc(2).ToString("O", CultureInfo.InvariantCulture),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.NullableUtc(5)?.ToString("O", CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    /// <summary>Runs dispatch passes until no email is waiting, sending or due for another try.</summary>
    private static async Task DispatchUntilSettledAsync(ServiceHost host)
    {
        var dispatch = host.Get<OutboxDispatch>();
        await WaitForAsync(
            async () =>
            {
                await dispatch.RunOnceAsync(default);
                return await CountAsync(host.Database.Database, "SELECT count(*) FROM outbox_messages WHERE state IN ('pending', 'sending', 'retrying')") == 0;
            },
            TimeSpan.FromSeconds(60),
            () => "The outbox did not settle.");
    }

    private static async Task<long> CountAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ScalarAsync<long>(sql, null, default);
    }

    private sealed record OutboxRow(long Id, string Key, string State, int Attempts, string? SentAt);

    private static async Task<List<OutboxRow>> OutboxAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.Command("SELECT id, idempotency_key, state, attempts, sent_at FROM outbox_messages ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new OutboxRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.NullableUtc(4)?.ToString("O", CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private static async Task<List<string>> NextRoundRecipientsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.Command(
            "SELECT p.email FROM outbox_messages m JOIN rounds r ON r.id = m.round_id JOIN participants p ON p.id = m.participant_id WHERE r.period = @period",
            null,
            ("period", NextPeriod));
        await using var reader = await command.ExecuteReaderAsync();
        var emails = new List<string>();
        while (await reader.ReadAsync())
        {
            emails.Add(reader.GetString(0));
        }

        return emails;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> why)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, why());
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"https://unmentoring\.example\.org(?<path>/manage/[A-Za-z0-9_\-]+)")]
    private static partial Regex ManageLink();
}
