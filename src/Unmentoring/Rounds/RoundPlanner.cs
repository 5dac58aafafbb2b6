using System.Data.Common;
using System.Security.Cryptography;
using Unmentoring.Pairing;
using Unmentoring.Participants;

namespace Unmentoring.Rounds;

/// <summary>
/// Works out a round without writing it: load everyone confirmed and the history in the repeat window,
/// decide who takes part, and call the pure pairing engine. A run, a preview and a replay all plan here.
/// </summary>
internal sealed class RoundPlanner(ParticipantStore participants, RoundStore rounds, RoundHistory history)
{
    /// <summary>Rounds are numbered in order of their periods; a round before the latest one cannot be added.</summary>
    public async Task<int> NumberAsync(Period period, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var latest = await rounds.LatestAsync(transaction, cancellationToken);
        if (latest is { } l && l.Period > period)
        {
            throw new RoundOrderException($"The {l.Period} round already exists; rounds go forward in time, so {period} cannot be planned now.");
        }

        return (latest?.RoundNumber ?? 0) + 1;
    }

    /// <summary>
    /// Plans the round. Whoever is in <paramref name="pausedForSilence"/> is planned as paused for silence though
    /// the database still has them active: a preview passes those the run would pause first, so that it shows
    /// the round the run will make (<see cref="RoundService.RunAsync"/> pauses them in the database instead).
    /// </summary>
    public async Task<RoundPlan> PlanAsync(Period period, int number, DateOnly roundDate, ulong seed, RulesVersion version, DbTransaction? transaction, CancellationToken cancellationToken, Laps? laps = null, IReadOnlyCollection<long>? pausedForSilence = null)
    {
        var people = await participants.ListForRoundAsync(transaction, cancellationToken);
        if (pausedForSilence is { Count: > 0 })
        {
            var silent = pausedForSilence.ToHashSet();
            people = people
                .Select(p => silent.Contains(p.Id) && p.Status == ParticipantStatus.Active ? p with { Status = ParticipantStatus.Paused, PausedUntil = Feedback.SilencePauses.UntilTheyReturn } : p)
                .ToList();
        }

        laps?.Lap("people");
        var lastPaired = await history.LastPairedAsync(period.AddMonths(-ParticipantCodes.LongestCadenceMonths), number, transaction, cancellationToken);
        var lastSatOut = await history.LastSatOutAsync(number, transaction, cancellationToken);
        var exclusions = await history.ExclusionsAsync(transaction, cancellationToken);
        var meetings = await history.MeetingsAsync(number - version.Rules.RepeatWindowRounds, number, transaction, cancellationToken);
        laps?.Lap("history");

        var outcomes = new List<PlannedOutcome>();
        var inputs = new List<PairingParticipant>();
        foreach (var person in people)
        {
            var last = lastPaired.TryGetValue(person.Id, out var p) ? p : (Period?)null;
            if (RoundOutcomes.NotTakingPart(person, period, roundDate, last) is { } left)
            {
                outcomes.Add(new PlannedOutcome(person.Id, left.Outcome, left.Reason));
            }
            else
            {
                inputs.Add(new PairingParticipant(RoundIds.Format(person.Id), person.Organisation, person.Email, lastSatOut.TryGetValue(person.Id, out var s) ? s : null));
            }
        }

        var engine = Plan(inputs, meetings, exclusions, version.Rules, number, seed);
        outcomes.InsertRange(0, EngineOutcomes(engine));
        var byId = people.ToDictionary(p => p.Id);
        return new RoundPlan(period, number, roundDate, seed, version, engine, byId, outcomes, exclusions, inputs.ToDictionary(i => RoundIds.Parse(i.Id)));
    }

    internal static ulong NewSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    internal static PairingRules EngineRules(SchemeRules rules) => new(
        rules.RepeatWindowRounds,
        rules.AvoidSameOrganisation,
        rules.OddPolicy == "sitOut" ? OddPolicy.SitOut : OddPolicy.Trio,
        rules.RelaxRepeats);

    /// <summary>The engine's plan for these people, with the history and exclusions that concern them.</summary>
    public static PairingPlan Plan(List<PairingParticipant> inputs, List<(long A, long B, int Round)> history, List<(long A, long B)> exclusions, SchemeRules rules, int number, ulong seed)
    {
        var index = new Dictionary<long, int>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            index[RoundIds.Parse(inputs[i].Id)] = i;
        }

        return PairingEngine.Plan(new PairingRequest
        {
            Participants = inputs,
            History = history
                .Where(m => index.ContainsKey(m.A) && index.ContainsKey(m.B))
                .Select(m => new PastMeeting(index[m.A], index[m.B], m.Round))
                .ToList(),
            Exclusions = exclusions
                .Where(x => index.ContainsKey(x.A) && index.ContainsKey(x.B))
                .Select(x => new ExcludedPair(index[x.A], index[x.B]))
                .ToList(),
            Rules = EngineRules(rules),
            Round = number,
            Seed = seed,
        });
    }

    public static IEnumerable<PlannedOutcome> EngineOutcomes(PairingPlan engine) =>
        engine.Outcomes.Select(o => new PlannedOutcome(
            RoundIds.Parse(o.Id),
            o.Outcome switch
            {
                PairingOutcome.Paired => RoundOutcome.Paired,
                PairingOutcome.SatOut => RoundOutcome.SatOut,
                _ => RoundOutcome.Unmatched,
            },
            o.Reason));
}

/// <summary>Where a round's time went, for the log line an operator reads: "people ... ms, history ... ms, ...".</summary>
internal sealed class Laps
{
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<string> _laps = [];

    private DateTimeOffset _lapStarted = DateTimeOffset.UtcNow;

    /// <summary>Ends a step: its time goes in the round's log line, and it becomes a span of the round's trace.</summary>
    public void Lap(string name)
    {
        _laps.Add($"{name} {_watch.Elapsed.TotalMilliseconds:0} ms");
        Hosting.UnmentoringTelemetry.Step(name, _lapStarted);
        _lapStarted = DateTimeOffset.UtcNow;
        _watch.Restart();
    }

    public override string ToString() => string.Join(", ", _laps);
}

/// <summary>A round asked for out of order (a later period already has one).</summary>
internal sealed class RoundOrderException(string message) : Exception(message);
