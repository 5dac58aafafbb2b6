using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Feedback;

/// <summary>What one pass of the loop sent: for which round, how many asked and how many reminded.</summary>
internal sealed record FeedbackSent(string? Period, int Asked, int Reminded)
{
    public static readonly FeedbackSent Nothing = new(null, 0, 0);
}

/// <summary>
/// Sends "did you meet?" and its one reminder for the open round (the latest; it closes when the next is
/// planned). Each person is recorded as asked, and their email queued, in one transaction, and only those
/// the database had not recorded before get one: the scheduler on every instance and
/// <c>unmentoring feedback send</c> can run at once and still ask nobody twice.
/// </summary>
internal sealed class FeedbackRequests(
    Database database,
    FeedbackStore store,
    ParticipantStore participants,
    RulesStore rules,
    RoundStore rounds,
    OutboxStore outbox,
    IEmailComposer composer,
    TimeProvider time,
    ILogger<FeedbackRequests> logger)
{
    /// <summary>Asks and reminds whoever is due now under the rules; the scheduler calls it.</summary>
    public async Task<FeedbackSent> SendDueAsync(CancellationToken cancellationToken)
    {
        var current = (await rules.CurrentAsync(cancellationToken)).Rules;
        var round = await store.OpenRoundAsync(null, cancellationToken);
        if (current.FeedbackAfterDays == 0 || round is null || round.Status == "planned")
        {
            return FeedbackSent.Nothing;
        }

        var now = time.StorageNow();
        var asked = now >= round.IntroducedAt.AddDays(current.FeedbackAfterDays) ? await AskAsync(round, current, cancellationToken) : 0;
        var reminded = current.FeedbackReminderAfterDays > 0
            ? await RemindAsync(round, current, now.AddDays(-current.FeedbackReminderAfterDays), cancellationToken)
            : 0;
        if (asked + reminded > 0)
        {
            logger.LogInformation("Asked {Asked} and reminded {Reminded} whether they met in the {Period} round", asked, reminded, round.Period);
        }

        return new FeedbackSent(round.Period, asked, reminded);
    }

    /// <summary>
    /// Asks about the round of <paramref name="period"/> (the latest round when null) now, whatever the date:
    /// an organiser asking early. Returns what was sent, or why nothing could be.
    /// </summary>
    public async Task<(FeedbackSent? Sent, string? Refusal)> SendNowAsync(Period? period, CancellationToken cancellationToken)
    {
        var current = (await rules.CurrentAsync(cancellationToken)).Rules;
        if (current.FeedbackAfterDays == 0)
        {
            return (null, "The feedback loop is off (feedbackAfterDays is 0), so nobody was asked. Set feedbackAfterDays to turn it on.");
        }

        var round = await store.OpenRoundAsync(null, cancellationToken);
        if (round is null)
        {
            return (null, "There is no round yet, so there is nobody to ask.");
        }

        if (period is { } p && p.ToString() != round.Period)
        {
            return (null, await rounds.FindAsync(p, cancellationToken: cancellationToken) is not null
                ? $"The {p} round has closed: the {round.Period} round has been planned since, so nobody is asked about {p} any more."
                : $"There is no {p} round. The latest is {round.Period}.");
        }

        if (round.Status == "planned")
        {
            return (null, $"The {round.Period} round is held for approval: its introductions have not gone out, so nobody is asked yet.");
        }

        return (new FeedbackSent(round.Period, await AskAsync(round, current, cancellationToken), 0), null);
    }

    private Task<int> AskAsync(OpenRound round, SchemeRules current, CancellationToken cancellationToken) =>
        SendAsync(round, current, reminder: false, (tx, now) => store.AskAsync(round.Id, now, tx, cancellationToken), cancellationToken);

    private Task<int> RemindAsync(OpenRound round, SchemeRules current, DateTime askedBy, CancellationToken cancellationToken) =>
        SendAsync(round, current, reminder: true, (tx, now) => store.RemindAsync(round.Id, askedBy, now, tx, cancellationToken), cancellationToken);

    /// <summary>
    /// Records who is asked (or reminded) and queues their emails in one transaction, after checking that the
    /// round is still the open one: a round planned meanwhile closes this one, and nobody is asked about it.
    /// </summary>
    private async Task<int> SendAsync(OpenRound round, SchemeRules current, bool reminder, Func<System.Data.Common.DbTransaction, DateTime, Task<List<long>>> record, CancellationToken cancellationToken)
    {
        var groupmates = await store.GroupmatesAsync(round.Id, null, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if ((await store.OpenRoundAsync(transaction, cancellationToken))?.Id != round.Id)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        var now = time.StorageNow();
        var ids = await record(transaction, now);
        if (ids.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        var silence = await store.SilenceBeforeAsync(round.Id, round.RoundNumber, transaction, cancellationToken);
        var people = (await participants.FindManyAsync(ids.Concat(ids.SelectMany(id => groupmates.GetValueOrDefault(id) ?? [])).Distinct().ToList(), cancellationToken))
            .ToDictionary(p => p.Id, PersonDetails.Of);
        var n = current.AutoPauseAfterSilentRounds;
        foreach (var id in ids)
        {
            var others = (groupmates.GetValueOrDefault(id) ?? []).Where(people.ContainsKey).Select(o => people[o]).ToList();
            var warn = Silence.NextSilencePauses(silence.GetValueOrDefault(id) ?? [], n);
            var email = new FollowUpEmail(round.Period, round.Id, people[id], others, reminder, warn ? n : null);
            await outbox.EnqueueAsync(composer.Compose(email), transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }
}
