using System.Data.Common;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Feedback;

/// <summary>
/// The automatic pause (rule <c>autoPauseAfterSilentRounds</c>): when a round is planned, whoever was asked
/// "did you meet?" about each of their last N asked rounds and answered none is paused, inside the round's
/// own transaction and before it is planned, so the round gives them the outcome <c>paused</c> and they get
/// an email with "Keep me in". Such a pause has no end date (<see cref="UntilTheyReturn"/>): it lasts until
/// they come back.
/// </summary>
internal sealed class SilencePauses(FeedbackStore store, ParticipantStore participants, OutboxStore outbox, IEmailComposer composer, TimeProvider time)
{
    /// <summary>The end date stored for a pause for silence: none that will come. Manual pauses end within a year.</summary>
    public static readonly DateOnly UntilTheyReturn = new(9999, 12, 31);

    /// <summary>The round outcome's reason for someone paused for silence.</summary>
    public const string Reason = "Paused because we did not hear whether you met in your last rounds. Choose Keep me in, or take part again from your page, to be matched again.";

    /// <summary>
    /// Who the rule says has been silent, and so is paused when the next round is planned: read only, so a
    /// preview can show them paused without pausing anyone.
    /// </summary>
    public async Task<IReadOnlyList<long>> SilentAsync(SchemeRules rules, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (rules.AutoPauseAfterSilentRounds == 0)
        {
            return [];
        }

        var silence = await store.SilenceOfActiveAsync(transaction, cancellationToken);
        return silence.Where(p => Silence.ShouldPause(p.Value, rules.AutoPauseAfterSilentRounds)).Select(p => p.Key).ToList();
    }

    /// <summary>Pauses whoever the rule says has been silent; returns who was paused. Call before the round is planned.</summary>
    public async Task<IReadOnlyList<long>> PauseSilentAsync(SchemeRules rules, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var silent = await SilentAsync(rules, transaction, cancellationToken);
        return silent.Count == 0 ? [] : await store.PauseForSilenceAsync(silent, time.StorageNow(), transaction, cancellationToken);
    }

    /// <summary>Records the pauses against the round just written and queues each person's email (held with a held round).</summary>
    public async Task RecordAsync(long roundId, Period period, IReadOnlyList<long> paused, SchemeRules rules, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (paused.Count == 0)
        {
            return;
        }

        await store.RecordPausesAsync(roundId, paused, time.StorageNow(), transaction, cancellationToken);
        foreach (var id in paused)
        {
            if (await participants.FindAsync(id, transaction, cancellationToken) is { Email: not null } person)
            {
                var email = new PausedForSilenceEmail(period.ToString(), roundId, PersonDetails.Of(person), rules.AutoPauseAfterSilentRounds, rules.RequireApproval);
                await outbox.EnqueueAsync(composer.Compose(email), transaction, cancellationToken);
            }
        }
    }
}
