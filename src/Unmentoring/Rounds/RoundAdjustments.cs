using Unmentoring.Mail;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>What an organiser's change to a round did: done, or refused with the reason (naming the rule it would break).</summary>
internal sealed record AdjustmentResult(bool Found, string? Refusal)
{
    public bool Done => Found && Refusal is null;

    public static readonly AdjustmentResult NotFound = new(false, null);

    public static readonly AdjustmentResult Ok = new(true, null);

    public static AdjustmentResult Refused(string reason) => new(true, reason);
}

/// <summary>
/// An organiser's changes to a planned round: move a person to another group or swap two people, while the
/// round is held for approval, with the round's own rules checked again on every group the change makes;
/// and send one person's introduction again. Each change is one transaction with its audit entry.
/// </summary>
internal sealed class RoundAdjustments(
    Database database,
    RoundStore rounds,
    RoundAdjustmentStore store,
    RoundHistory history,
    RulesStore rules,
    OutboxStore outbox,
    AuditLog audit)
{
    /// <summary>Moves <paramref name="participantId"/> into group <paramref name="toGroup"/>.</summary>
    public Task<AdjustmentResult> MoveAsync(Period period, long participantId, int toGroup, string actor, CancellationToken cancellationToken = default) =>
        ChangeGroupsAsync(period, actor, groups =>
        {
            var from = groups.FirstOrDefault(g => g.Members.Contains(participantId));
            var to = groups.FirstOrDefault(g => g.Number == toGroup);
            if (from is null)
            {
                return ("That person is not in a group in this round.", []);
            }

            if (to is null || to == from)
            {
                return ("Choose a different group to move them to.", []);
            }

            return (null, [(participantId, from.Number, to.Number)]);
        }, cancellationToken);

    /// <summary>Swaps <paramref name="a"/> and <paramref name="b"/> between their groups.</summary>
    public Task<AdjustmentResult> SwapAsync(Period period, long a, long b, string actor, CancellationToken cancellationToken = default) =>
        ChangeGroupsAsync(period, actor, groups =>
        {
            var groupA = groups.FirstOrDefault(g => g.Members.Contains(a));
            var groupB = groups.FirstOrDefault(g => g.Members.Contains(b));
            if (groupA is null || groupB is null)
            {
                return ("Both people must be in a group in this round.", []);
            }

            if (groupA == groupB)
            {
                return ("Choose two people in different groups.", []);
            }

            return (null, [(a, groupA.Number, groupB.Number), (b, groupB.Number, groupA.Number)]);
        }, cancellationToken);

    /// <summary>Queues one more introduction to <paramref name="participantId"/> for the round, rendered when it is sent.</summary>
    public async Task<AdjustmentResult> ResendIntroductionAsync(Period period, long participantId, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var round = await rounds.FindAsync(period, transaction, cancellationToken);
        if (round is null)
        {
            return AdjustmentResult.NotFound;
        }

        if (round.Status == "planned")
        {
            return AdjustmentResult.Refused("This round is waiting for approval: its introductions have not been sent yet.");
        }

        var group = (await store.GroupsAsync(round.Id, transaction, cancellationToken)).FirstOrDefault(g => g.Members.Contains(participantId));
        if (group is null)
        {
            return AdjustmentResult.Refused("That person was not in a group in this round, so they had no introduction.");
        }

        var sent = await store.IntroductionCountAsync(round.Id, participantId, transaction, cancellationToken);
        if (await outbox.EnqueueRoundEmailAgainAsync(round.Id, EmailKind.Introduction, participantId, group.Number, sent + 1, transaction, cancellationToken))
        {
            await audit.RecordAsync(actor, "round.introductionResent", $"round {period}", $"participant {participantId}, group {group.Number}", transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return AdjustmentResult.Ok;
    }

    /// <summary>
    /// The groups of the round after <paramref name="moves"/>, or why not: every group keeps two or three people,
    /// and within every changed group no two people are excluded from meeting, share an organisation (when
    /// <c>avoidSameOrganisation</c>) or met within the last <c>repeatWindowRounds</c> rounds.
    /// </summary>
    internal static string? Check(
        IReadOnlyList<StoredGroup> after,
        IReadOnlySet<int> changed,
        SchemeRules rules,
        IReadOnlyDictionary<long, string> organisations,
        IReadOnlySet<(long, long)> excluded,
        IReadOnlyDictionary<(long, long), int> lastMet,
        Func<long, string> label)
    {
        foreach (var group in after.Where(g => changed.Contains(g.Number)))
        {
            if (group.Members.Count is < 2 or > 3)
            {
                return $"Group {group.Number} would have {group.Members.Count} {(group.Members.Count == 1 ? "person" : "people")}: every group has two or three.";
            }

            for (var i = 0; i < group.Members.Count; i++)
            {
                for (var j = i + 1; j < group.Members.Count; j++)
                {
                    var (a, b) = Ordered(group.Members[i], group.Members[j]);
                    if (excluded.Contains((a, b)))
                    {
                        return $"{label(a)} and {label(b)} must never be paired (an exclusion), so group {group.Number} is not allowed.";
                    }

                    if (rules.AvoidSameOrganisation && organisations.GetValueOrDefault(a) is { Length: > 0 } org
                        && string.Equals(org, organisations.GetValueOrDefault(b), StringComparison.OrdinalIgnoreCase))
                    {
                        return $"{label(a)} and {label(b)} are both from {org}: the rule avoidSameOrganisation keeps them apart.";
                    }

                    if (lastMet.TryGetValue((a, b), out var round))
                    {
                        return $"{label(a)} and {label(b)} met in round {round}: the rule repeatWindowRounds ({rules.RepeatWindowRounds}) keeps them apart.";
                    }
                }
            }
        }

        return null;
    }

    private static (long, long) Ordered(long a, long b) => a < b ? (a, b) : (b, a);

    private async Task<AdjustmentResult> ChangeGroupsAsync(
        Period period,
        string actor,
        Func<List<StoredGroup>, (string? Refusal, List<(long Participant, int From, int To)> Moves)> decide,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var round = await rounds.FindAsync(period, transaction, cancellationToken);
        if (round is null)
        {
            return AdjustmentResult.NotFound;
        }

        if (round.Status != "planned")
        {
            return AdjustmentResult.Refused("This round has been approved and its emails released, so its groups can no longer change.");
        }

        var groups = await store.GroupsAsync(round.Id, transaction, cancellationToken);
        var (refusal, moves) = decide(groups);
        if (refusal is not null)
        {
            return AdjustmentResult.Refused(refusal);
        }

        var after = groups.Select(g => g with
        {
            Members = g.Members.Where(m => !moves.Any(x => x.Participant == m)).Concat(moves.Where(x => x.To == g.Number).Select(x => x.Participant)).ToList(),
        }).ToList();
        var version = await rules.FindAsync(round.RulesVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Rules version {round.RulesVersion} of the {period} round is missing.");
        var excluded = RoundStore.ParseExclusions(round.Exclusions)
            .Concat(await history.ExclusionsAsync(transaction, cancellationToken))
            .Select(x => Ordered(x.A, x.B))
            .ToHashSet();
        var lastMet = new Dictionary<(long, long), int>();
        foreach (var (a, b, number) in await history.MeetingsAsync(round.RoundNumber - version.Rules.RepeatWindowRounds, round.RoundNumber, transaction, cancellationToken))
        {
            var key = Ordered(a, b);
            lastMet[key] = Math.Max(lastMet.GetValueOrDefault(key), number);
        }

        var labels = await rounds.LabelsAsync(round.Id, cancellationToken);
        var changed = moves.SelectMany(m => new[] { m.From, m.To }).ToHashSet();
        string Label(long id) => labels.GetValueOrDefault(id, RoundIds.Format(id));

        // As the engine judges it: the organisation it was given, or else the domain of the person's address.
        var organisations = (await store.OrganisationsAsync(round.Id, transaction, cancellationToken)).ToDictionary(
            o => o.Key,
            o => string.IsNullOrWhiteSpace(o.Value) ? Label(o.Key)[(Label(o.Key).LastIndexOf('@') + 1)..].Trim() : o.Value.Trim());
        refusal = Check(after, changed, version.Rules, organisations, excluded, lastMet, Label);
        if (refusal is not null)
        {
            return AdjustmentResult.Refused(refusal);
        }

        foreach (var (participant, _, to) in moves)
        {
            await store.MoveAsync(round.Id, participant, to, transaction, cancellationToken);
        }

        // Whoever arranges a group must still be in it: the first of those left takes over.
        foreach (var group in after.Where(g => changed.Contains(g.Number) && !g.Members.Contains(g.Arranger)))
        {
            await store.SetArrangerAsync(round.Id, group.Number, group.Members.Order().First(), transaction, cancellationToken);
        }

        // Each changed group's reasons now describe the group it is (a pair or a trio); the rules were checked
        // again above, so nobody in it is a repeat.
        foreach (var group in after.Where(g => changed.Contains(g.Number)))
        {
            await store.SetReasonAsync(round.Id, group.Members, group.Members.Count == 3 ? Pairing.Reasons.Trio : Pairing.Reasons.Pair, transaction, cancellationToken);
        }

        var what = string.Join("; ", moves.Select(m => $"participant {m.Participant} from group {m.From} to group {m.To}"));
        await audit.RecordAsync(actor, moves.Count == 1 ? "round.moved" : "round.swapped", $"round {period}", what, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdjustmentResult.Ok;
    }
}
