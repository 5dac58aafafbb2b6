using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Unmentoring.Tests.Support;

namespace Unmentoring.Reliability.Support;

/// <summary>
/// What a trial ended with, counted from the database and from what the SMTP server received.
/// An email is <b>lost</b> when a participant's round outcome has no email queued, or its row ended other
/// than sent or ambiguous (failed, or still unsettled), or it is recorded as sent and never arrived. A
/// <b>duplicate</b> is a second arrival of the same message (its Message-ID comes from the row's
/// idempotency key) or a second round email to one person in one round. An ambiguous row (the sender
/// died or the connection dropped after handing it over) is by design never resent; it is counted
/// apart, delivered or not, for the operator to check by hand (docs/reliability.md).
/// </summary>
public sealed record TrialCount(
    string Trial,
    long Rounds,
    long MaxRoundsPerPeriod,
    long Outcomes,
    long Emails,
    long Delivered,
    long MaxRoundEmailsPerRecipient,
    long Duplicates,
    long Lost,
    long AmbiguousDelivered,
    long AmbiguousNotDelivered,
    IReadOnlyList<string> LostRows)
{
    /// <summary>The From address the service uses by default; Message-IDs end with its domain.</summary>
    private const string FromDomain = "unmentoring.example";

    public static async Task<TrialCount> TakeAsync(string trial, ReliabilityScheme scheme, LoopbackSmtpServer smtp)
    {
        var rounds = await scheme.RowsAsync("SELECT period, count(*) FROM rounds GROUP BY period");
        var outcomes = await scheme.ScalarAsync("SELECT count(*) FROM round_outcomes");
        var unqueued = await scheme.ScalarAsync(
            """
            SELECT count(*) FROM round_outcomes o
            WHERE o.outcome IN ('paired', 'satOut', 'unmatched')
              AND NOT EXISTS (SELECT FROM outbox_messages m WHERE m.round_id = o.round_id AND m.participant_id = o.participant_id)
            """);
        var rows = await scheme.RowsAsync("SELECT idempotency_key, state, round_id, participant_id, attempts, last_reply FROM outbox_messages");

        var arrivals = smtp.Delivered
            .GroupBy(m => m.Message.MessageId ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        long duplicates = arrivals.Values.Sum(n => Math.Max(0, n - 1));
        long lost = unqueued, ambiguousDelivered = 0, ambiguousNotDelivered = 0;
        var lostRows = new List<string>();
        void Lose(object?[] row, string why) => lostRows.Add($"{row[0]} ({why}, state {row[1]}, {row[4]} attempts, last reply: {row[5]})");
        var roundEmailsPerRecipient = new Dictionary<(long Round, long Participant), int>();
        var roundRowsArrivedPerRecipient = new Dictionary<(long Round, long Participant), int>();
        foreach (var row in rows)
        {
            var key = (string)row[0]!;
            var state = (string)row[1]!;
            var arrived = arrivals.GetValueOrDefault(MessageId(key));
            switch (state)
            {
                case "sent" when arrived == 0:
                    lost++;
                    Lose(row, "recorded as sent, never arrived");
                    break;
                case "ambiguous":
                    if (arrived == 0)
                    {
                        ambiguousNotDelivered++;
                    }
                    else
                    {
                        ambiguousDelivered++;
                    }

                    break;
                case "sent":
                    break;
                default:
                    lost++;
                    Lose(row, "not sent");
                    break;
            }

            if (row[2] is long round && row[3] is long participant && arrived > 0)
            {
                roundEmailsPerRecipient[(round, participant)] = roundEmailsPerRecipient.GetValueOrDefault((round, participant)) + arrived;
                roundRowsArrivedPerRecipient[(round, participant)] = roundRowsArrivedPerRecipient.GetValueOrDefault((round, participant)) + 1;
            }
        }

        // Two rows for one person in one round would each arrive once and still be a duplicate introduction.
        duplicates += roundRowsArrivedPerRecipient.Values.Sum(n => Math.Max(0, n - 1));

        return new TrialCount(
            trial,
            rounds.Count,
            rounds.Count == 0 ? 0 : rounds.Max(r => (long)r[1]!),
            outcomes,
            rows.Count,
            smtp.Delivered.Count,
            roundEmailsPerRecipient.Count == 0 ? 0 : roundEmailsPerRecipient.Values.Max(),
            duplicates,
            lost,
            ambiguousDelivered,
            ambiguousNotDelivered,
            lostRows);
    }

    /// <summary>The service's Message-ID for a row (Mail/OutboxMime.MessageId), computed here so the test does not borrow the code it checks.</summary>
    public static string MessageId(string idempotencyKey) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}@{FromDomain}";

    /// <summary>Fails on a duplicate round, a duplicate email or a lost one, and on fewer outcomes than people.</summary>
    public void AssertCompleteOnce(int people, int expectedRounds, string logs)
    {
        var why = $"{this}{logs}";
        Assert.True(Rounds == expectedRounds, $"Expected {expectedRounds} round(s). {why}");
        Assert.True(MaxRoundsPerPeriod <= 1, $"A period has more than one round. {why}");
        Assert.True(Outcomes == (long)people * expectedRounds, $"Expected an outcome for each of {people} people. {why}");
        Assert.True(Duplicates == 0, $"Emails were delivered twice. {why}");
        Assert.True(MaxRoundEmailsPerRecipient <= 1, $"Someone got two emails for one round. {why}");
        Assert.True(Lost == 0, $"Emails were lost. {why}");
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Trial}: rounds {Rounds} (max {MaxRoundsPerPeriod} per period), outcomes {Outcomes}, emails {Emails}, delivered {Delivered}, max {MaxRoundEmailsPerRecipient} per recipient per round, duplicates {Duplicates}, lost {Lost}, ambiguous {AmbiguousDelivered} delivered + {AmbiguousNotDelivered} not{(LostRows.Count > 0 ? "; lost: " + string.Join("; ", LostRows.Take(5)) : "")}");
}
