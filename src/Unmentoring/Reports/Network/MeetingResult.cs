using Unmentoring.Feedback;

namespace Unmentoring.Reports.Network;

/// <summary>What a group's members said about meeting, as one result for every pair in the group.</summary>
internal enum MeetingResult
{
    Met,
    CouldNotMeet,
    Unknown,
}

internal static class MeetingResults
{
    public static IReadOnlyList<MeetingResult> All { get; } = Enum.GetValues<MeetingResult>();

    /// <summary>
    /// A group's result from its members' answers (<c>feedback.outcome</c> codes, null for no answer): met if
    /// anyone says so, since one person is enough to know the call happened; couldn't meet if someone says
    /// so and nobody says met; otherwise unknown ("not yet" and silence say nothing either way).
    /// </summary>
    public static MeetingResult OfGroup(IEnumerable<string?> answers)
    {
        var couldNotMeet = false;
        foreach (var code in answers)
        {
            if (!FeedbackCodes.TryParseAnswer(code, out var answer))
            {
                continue;
            }

            if (answer == FeedbackAnswer.Met)
            {
                return MeetingResult.Met;
            }

            couldNotMeet |= answer == FeedbackAnswer.CouldNotMeet;
        }

        return couldNotMeet ? MeetingResult.CouldNotMeet : MeetingResult.Unknown;
    }

    /// <summary>The result as the table and the legend say it.</summary>
    public static string Label(this MeetingResult result) => result switch
    {
        MeetingResult.Met => "Met",
        MeetingResult.CouldNotMeet => "Couldn't meet",
        MeetingResult.Unknown => "Not known",
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    /// <summary>The modifier of the edge's CSS class, <c>app-network__edge--{code}</c>.</summary>
    public static string ClassCode(this MeetingResult result) => result switch
    {
        MeetingResult.Met => "met",
        MeetingResult.CouldNotMeet => "could-not-meet",
        MeetingResult.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };
}
