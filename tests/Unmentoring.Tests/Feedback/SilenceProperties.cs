using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Unmentoring.Feedback;

namespace Unmentoring.Tests.Feedback;

/// <summary>A person's rounds since their last pause for silence, newest first, and the rule's N.</summary>
public sealed record SilenceHistory(IReadOnlyList<int> Rounds, int SilentRounds)
{
    internal IReadOnlyList<AskedRound> NewestFirst => [.. Rounds.Select(r => (AskedRound)r)];

    public override string ToString() => $"N={SilentRounds}: {string.Join(", ", NewestFirst)}";
}

public static class SilenceGenerators
{
    public static Arbitrary<SilenceHistory> Histories() =>
        (from n in Gen.Choose(0, 5)
         from count in Gen.Choose(0, 10)
         from rounds in Gen.ListOf(Gen.Frequency((3, Gen.Constant((int)AskedRound.Silent)), (1, Gen.Constant((int)AskedRound.Answered)), (2, Gen.Constant((int)AskedRound.NotAsked))), count)
         select new SilenceHistory(rounds.ToList(), n)).ToArbitrary();
}

/// <summary>When silence pauses someone: the rule autoPauseAfterSilentRounds, held to its wording.</summary>
[Properties(Arbitrary = [typeof(SilenceGenerators)], MaxTest = 500)]
public sealed class SilenceProperties
{
    /// <summary>Sitting out, not being due, a bounced email: a round they were not asked about never changes the answer.</summary>
    [Property]
    public Property RoundsNotAskedAboutNeverCountAsSilence(SilenceHistory history, NonNegativeInt at, PositiveInt howMany)
    {
        var rounds = history.NewestFirst.ToList();
        rounds.InsertRange(at.Get % (rounds.Count + 1), Enumerable.Repeat(AskedRound.NotAsked, howMany.Get % 4));
        return (Silence.ShouldPause(rounds, history.SilentRounds) == Silence.ShouldPause(history.NewestFirst, history.SilentRounds)
                && Silence.NextSilencePauses(rounds, history.SilentRounds) == Silence.NextSilencePauses(history.NewestFirst, history.SilentRounds))
            .Label(history.ToString());
    }

    /// <summary>Paused exactly when the last N asked rounds number N and are all silent; never with N = 0.</summary>
    [Property]
    public Property PausedOnlyAfterExactlyNSilentAskedRounds(SilenceHistory history)
    {
        var asked = history.NewestFirst.Where(r => r != AskedRound.NotAsked).ToList();
        var expected = history.SilentRounds > 0 && asked.Count >= history.SilentRounds && asked.Take(history.SilentRounds).All(r => r == AskedRound.Silent);
        return (Silence.ShouldPause(history.NewestFirst, history.SilentRounds) == expected).Label(history.ToString());
    }

    /// <summary>N−1 silent asked rounds in a row are never a pause, and one more silence makes one.</summary>
    [Property]
    public Property OneSilenceShortOfNIsNeverAPause(PositiveInt n, NonNegativeInt notAsked)
    {
        var silentRounds = 1 + (n.Get % 6);
        var history = Enumerable.Repeat(AskedRound.Silent, silentRounds - 1).Concat(Enumerable.Repeat(AskedRound.NotAsked, notAsked.Get % 3)).ToList();
        return (!Silence.ShouldPause(history, silentRounds)
                && Silence.NextSilencePauses(history, silentRounds)
                && Silence.ShouldPause(history.Prepend(AskedRound.Silent), silentRounds))
            .Label($"N={silentRounds}");
    }

    /// <summary>The warning in an email is exactly "one more silence pauses you".</summary>
    [Property]
    public Property TheWarningMeansTheNextSilencePauses(SilenceHistory history) =>
        (Silence.NextSilencePauses(history.NewestFirst, history.SilentRounds) == Silence.ShouldPause(history.NewestFirst.Prepend(AskedRound.Silent), history.SilentRounds))
            .Label(history.ToString());
}
