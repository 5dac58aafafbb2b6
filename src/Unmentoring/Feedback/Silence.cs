namespace Unmentoring.Feedback;

/// <summary>What one round was for one person, as far as silence goes.</summary>
internal enum AskedRound
{
    /// <summary>Asked "did you meet?" (the email was delivered) and answered.</summary>
    Answered,

    /// <summary>Asked (the email was delivered) and gave no answer before the round closed.</summary>
    Silent,

    /// <summary>
    /// Not asked, or not reached: sat out, not due, paused, skipped, unmatched, the loop was off, or the
    /// email could not be delivered. Never silence, and it does not break a run of silence either.
    /// </summary>
    NotAsked,
}

/// <summary>
/// When silence pauses someone (the rule <c>autoPauseAfterSilentRounds</c>, N): pure, so the properties can
/// hold it to the rule. Rounds are given newest first and only since the person's last pause for silence.
/// </summary>
internal static class Silence
{
    /// <summary>True when the person's last N asked rounds are all silent (and there are N of them); never when N is 0.</summary>
    public static bool ShouldPause(IEnumerable<AskedRound> newestFirst, int silentRounds) =>
        silentRounds > 0 && LastAskedAllSilent(newestFirst, silentRounds);

    /// <summary>
    /// True when one more silence would pause them: the "did you meet?" email about the next round says so.
    /// <paramref name="newestFirst"/> are the rounds before the one being asked about.
    /// </summary>
    public static bool NextSilencePauses(IEnumerable<AskedRound> newestFirst, int silentRounds) =>
        silentRounds > 0 && LastAskedAllSilent(newestFirst, silentRounds - 1);

    private static bool LastAskedAllSilent(IEnumerable<AskedRound> newestFirst, int count)
    {
        var seen = 0;
        foreach (var round in newestFirst)
        {
            if (seen == count)
            {
                break;
            }

            if (round == AskedRound.NotAsked)
            {
                continue;
            }

            if (round == AskedRound.Answered)
            {
                return false;
            }

            seen++;
        }

        return seen == count;
    }
}
