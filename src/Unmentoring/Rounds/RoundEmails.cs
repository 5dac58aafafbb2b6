using Unmentoring.Mail;
using Unmentoring.Participants;

namespace Unmentoring.Rounds;

/// <summary>
/// Renders a round's emails when the dispatcher sends them: the introduction to each group member, the
/// sit-out and unmatched notices. Everything comes from what the round stored (its period and date, the
/// groups with their arrangers, each outcome's reason, its rules version) and from the participants'
/// details as they are at that moment, so a change of address or intro made after the round is honoured
/// and nothing personal is copied into the outbox (docs/adr/0011-round-emails-rendered-at-dispatch.md).
/// A batch costs four queries whatever its size: its round, the groups its introductions name, the
/// notices' reasons and the people.
/// </summary>
internal sealed class RoundEmails(RoundStore rounds, ParticipantStore participants, RulesStore rules, IEmailComposer composer) : IRoundEmailSource
{
    public async Task<IReadOnlyDictionary<long, RenderedRow>> RenderAsync(IReadOnlyList<ClaimedMessage> rows, CancellationToken cancellationToken)
    {
        var rendered = new Dictionary<long, RenderedRow>(rows.Count);
        if (rows.Count == 0)
        {
            return rendered;
        }

        foreach (var batch in rows.GroupBy(r => r.RoundId))
        {
            var round = batch.Key is { } roundId ? await rounds.FindByIdAsync(roundId, cancellationToken) : null;
            if (round is null)
            {
                foreach (var row in batch)
                {
                    rendered[row.Id] = new RenderedRow(null, Failed: "not sent: its round is not in the database");
                }

                continue;
            }

            var recipients = batch.Where(r => r.ParticipantId is not null).Select(r => r.ParticipantId!.Value).Distinct().ToList();
            var groups = await rounds.GroupsByNumberAsync(round.Id, batch.Where(r => r.Kind == EmailKind.Introduction && r.GroupNumber is not null).Select(r => r.GroupNumber!.Value).Distinct().ToList(), cancellationToken);
            var reasons = await rounds.ReasonsAsync(round.Id, batch.Where(r => r.Kind != EmailKind.Introduction).Select(r => r.ParticipantId!.Value).Distinct().ToList(), cancellationToken);
            var people = (await participants.FindManyAsync(recipients.Concat(groups.Values.SelectMany(g => g)).Distinct().ToList(), cancellationToken))
                .ToDictionary(p => p.Id);
            var schemeRules = batch.Any(r => r.Kind == EmailKind.Unmatched) ? (await rules.FindAsync(round.RulesVersion, cancellationToken))?.Rules : null;
            foreach (var row in batch)
            {
                rendered[row.Id] = Render(row, round, groups, reasons, people, schemeRules);
            }
        }

        return rendered;
    }

    /// <summary>The month to meet in, but never less than a fortnight for a round run late in its month.</summary>
    internal static DateOnly MeetBy(Period period, DateOnly roundDate) =>
        period.LastDay > roundDate.AddDays(14) ? period.LastDay : roundDate.AddDays(14);

    private RenderedRow Render(
        ClaimedMessage row,
        StoredRound round,
        Dictionary<int, List<long>> groups,
        Dictionary<long, string> reasons,
        Dictionary<long, Participant> people,
        SchemeRules? schemeRules)
    {
        if (row.ParticipantId is not { } id || !people.TryGetValue(id, out var person))
        {
            return new RenderedRow(null, Failed: "not sent: its participant is not in the database");
        }

        if (person.Email is null)
        {
            return new RenderedRow(null, Suppressed: OutboxDispatch.ErasedReason);
        }

        if (person.Status == ParticipantStatus.Unsubscribed)
        {
            // Left since the round (a held round can wait days): not worth rendering.
            return new RenderedRow(null, Suppressed: OutboxDispatch.UnsubscribedReason);
        }

        var to = PersonDetails.Of(person);
        var period = round.Period.ToString();
        OutboxMessage message;
        try
        {
            switch (row.Kind)
            {
                case EmailKind.Introduction:
                    if (row.GroupNumber is not { } number || !groups.TryGetValue(number, out var group) || !group.Contains(id))
                    {
                        return new RenderedRow(null, Failed: $"not sent: {id} is not in the group this email names ({row.GroupNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) of the {period} round");
                    }

                    // Someone who erased their data is left out of the others' introductions (erasure also stops
                    // introductions still waiting to go to the rest of their group; this covers one already claimed).
                    var members = group.Select(m => people.GetValueOrDefault(m)).Where(m => m?.Email is not null).Select(m => PersonDetails.Of(m!)).ToList();
                    var others = members.Where(m => m.ParticipantId != id).ToList();
                    if (others.Count == 0)
                    {
                        return new RenderedRow(null, Suppressed: "not sent: everyone else in the group has left the scheme");
                    }

                    var arranger = members.FirstOrDefault(m => m.ParticipantId == group[0]) ?? members[0];
                    message = composer.Compose(new IntroductionEmail(period, round.Id, to, others, arranger, round.RoundDate, MeetBy(round.Period, round.RoundDate)));
                    break;
                case EmailKind.SatOut:
                    message = composer.Compose(new SatOutEmail(period, round.Id, to, reasons.GetValueOrDefault(id, "")));
                    break;
                case EmailKind.Unmatched when schemeRules is not null:
                    message = composer.Compose(new UnmatchedEmail(period, round.Id, to, reasons.GetValueOrDefault(id, ""), schemeRules));
                    break;
                default:
                    return new RenderedRow(null, Failed: $"not sent: a {row.Kind.ToCode()} email cannot be rendered from the {period} round");
            }
        }
        catch (ArgumentException ex)
        {
            // A detail that must never reach a header (rejected at input; defended again by the composer).
            return new RenderedRow(null, Failed: "not sent: " + ex.Message);
        }

        return new RenderedRow(row with
        {
            Recipient = OutboxStore.Recipient(message),
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Headers = message.Headers,
            Attachments = message.Attachments,
        });
    }
}
