using System.Globalization;

namespace Unmentoring.Pairing;

/// <summary>What participants and organisers read about an outcome: plain English, no jargon.</summary>
internal static class Reasons
{
    public const string Pair = "You have been paired with one other person this round.";

    public const string Trio =
        "You are in a group of three this round: not everyone could be paired, and all three of you can be matched under the rules.";

    public const string PairedWithRepeat =
        "You are in a group with someone you met recently. Without this, someone would have been left out this round, so the longest-ago meeting possible was repeated.";

    public const string SatOut =
        "Everyone you could be matched with this round was already paired, and it was your turn to sit out: of the people who could be left out, you had sat out least recently. You go first next time.";

    public const string SatOutNoTrio =
        "Everyone you could be matched with this round was already paired, and no group had room for you as a third person, so it was your turn to sit out: of the people who could be left out, you had sat out least recently. You go first next time.";

    public static string Unmatched(PairingRules rules)
    {
        var causes = new List<string>();
        if (rules.AvoidSameOrganisation)
        {
            causes.Add("is from your organisation");
        }

        causes.Add("is excluded from being paired with you");
        if (!rules.RelaxRepeats && rules.RepeatWindowRounds > 0)
        {
            causes.Add(string.Create(CultureInfo.InvariantCulture, $"met you in the last {rules.RepeatWindowRounds} rounds"));
        }

        var list = causes.Count == 1 ? causes[0] : string.Join(", ", causes.Take(causes.Count - 1)) + " or " + causes[^1];
        return $"Nobody else taking part this round can be paired with you: each of them {list}.";
    }

    public static string Repeat(int lastRound) => string.Create(
        CultureInfo.InvariantCulture,
        $"They last met in round {lastRound}. Without repeating a meeting, someone would have been left out, and no plan that includes as many people could avoid repeating a meeting this recent.");
}
