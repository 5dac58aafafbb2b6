using Unmentoring.Mail;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Reports.Network;

/// <summary>
/// Reads who met whom for the network page: every group of one round (or of all rounds) with its members'
/// answers to "did you meet?", and the people in them. Two statements, whatever the number of rounds.
/// </summary>
internal sealed class NetworkStore(Database database)
{
    /// <summary>What the page calls someone whose organisation is not known (an erased participant's).</summary>
    public const string UnknownOrganisation = "Not known";

    /// <summary>Every planned round's period, newest first, for the page's choice of round.</summary>
    public async Task<IReadOnlyList<Period>> PeriodsAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var periods = await session.QueryAsync<string>("SELECT period FROM rounds ORDER BY round_number DESC");
        return periods.Select(Period.Parse).ToList();
    }

    /// <summary>The network of the round of <paramref name="period"/>, or of every round when it is null.</summary>
    public async Task<MeetingNetwork> LoadAsync(Period? period, CancellationToken cancellationToken)
    {
        // Two texts rather than "@period IS NULL OR ...": PostgreSQL cannot type a parameter that is only ever null.
        var inRounds = period is null ? "" : "WHERE r.period = @period";
        var parameters = new { period = period?.ToString() };
        await using var session = await database.SessionAsync(null, cancellationToken);
        var members = await session.QueryAsync<MemberRow>(
            $"""
            SELECT r.period, r.round_number, m.group_number, m.participant_id, f.outcome
            FROM group_members m
            JOIN rounds r ON r.id = m.round_id
            LEFT JOIN feedback f ON f.round_id = m.round_id AND f.participant_id = m.participant_id
            {inRounds}
            ORDER BY r.round_number, m.group_number, m.participant_id
            """,
            parameters);
        var people = await session.QueryAsync<PersonRow>(
            $"""
            SELECT p.id, p.name, p.email, p.organisation
            FROM participants p
            WHERE p.id IN (SELECT m.participant_id FROM group_members m JOIN rounds r ON r.id = m.round_id {inRounds})
            ORDER BY p.id
            """,
            parameters);
        return new MeetingNetwork(people.Select(ToPerson).ToList(), Pairs(members));
    }

    /// <summary>Every pair of every group, each with its group's result; rows come in round, group and person order.</summary>
    private static List<NetworkPair> Pairs(List<MemberRow> members)
    {
        var pairs = new List<NetworkPair>();
        var start = 0;
        while (start < members.Count)
        {
            var end = start;
            while (end < members.Count && members[end].RoundNumber == members[start].RoundNumber && members[end].GroupNumber == members[start].GroupNumber)
            {
                end++;
            }

            var group = members.GetRange(start, end - start);
            var result = MeetingResults.OfGroup(group.Select(m => m.Outcome));
            var round = Period.Parse(group[0].Period);
            for (var i = 0; i < group.Count; i++)
            {
                for (var j = i + 1; j < group.Count; j++)
                {
                    pairs.Add(new NetworkPair(round, group[0].GroupNumber, group[i].ParticipantId, group[j].ParticipantId, result));
                }
            }

            start = end;
        }

        return pairs;
    }

    /// <summary>
    /// Named by name, else by address; the organisation as typed, else the email domain, as the pairing rule
    /// reads it (PairingProblem.Organisations); an erased person keeps their node, named as erased.
    /// </summary>
    private static NetworkPerson ToPerson(PersonRow row)
    {
        var organisation = row.Organisation?.Trim() is { Length: > 0 } typed ? typed
            : row.Email is null ? UnknownOrganisation
            : EmailAddress.Domain(row.Email);
        var name = row.Name?.Trim() is { Length: > 0 } given ? given : row.Email ?? "Erased participant";
        return new NetworkPerson(row.Id, name, organisation);
    }

    private sealed class MemberRow
    {
        public string Period { get; set; } = "";

        public int RoundNumber { get; set; }

        public int GroupNumber { get; set; }

        public long ParticipantId { get; set; }

        public string? Outcome { get; set; }
    }

    private sealed class PersonRow
    {
        public long Id { get; set; }

        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Organisation { get; set; }
    }
}
