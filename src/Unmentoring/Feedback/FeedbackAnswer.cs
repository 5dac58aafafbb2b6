namespace Unmentoring.Feedback;

/// <summary>A person's answer to "did you meet?"; stored in <c>feedback.outcome</c> by its code.</summary>
internal enum FeedbackAnswer
{
    Met,
    NotYet,
    CouldNotMeet,
}

/// <summary>Why a group could not meet; stored in <c>feedback.reason_code</c>. <see cref="Other"/> may carry a few words.</summary>
internal enum CouldNotMeetReason
{
    NoReply,
    NoTime,
    Cancelled,
    NotRelevant,
    Other,
}

/// <summary>The codes the links, the database and <c>round show --json</c> use, and the words a person reads.</summary>
internal static class FeedbackCodes
{
    /// <summary>The longest "other" reason kept: a short note, not a report.</summary>
    public const int LongestOtherReason = 200;

    /// <summary>What <c>round show --json</c> says for someone asked who has not answered.</summary>
    public const string NoAnswer = "none";

    public static IReadOnlyList<FeedbackAnswer> Answers { get; } = Enum.GetValues<FeedbackAnswer>();

    public static IReadOnlyList<CouldNotMeetReason> Reasons { get; } = Enum.GetValues<CouldNotMeetReason>();

    public static string ToCode(this FeedbackAnswer answer) => answer switch
    {
        FeedbackAnswer.Met => "met",
        FeedbackAnswer.NotYet => "notYet",
        FeedbackAnswer.CouldNotMeet => "couldNotMeet",
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };

    public static string ToCode(this CouldNotMeetReason reason) => reason switch
    {
        CouldNotMeetReason.NoReply => "noReply",
        CouldNotMeetReason.NoTime => "noTime",
        CouldNotMeetReason.Cancelled => "cancelled",
        CouldNotMeetReason.NotRelevant => "notRelevant",
        CouldNotMeetReason.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static bool TryParseAnswer(string? code, out FeedbackAnswer answer)
    {
        foreach (var a in Answers)
        {
            if (a.ToCode() == code)
            {
                answer = a;
                return true;
            }
        }

        answer = default;
        return false;
    }

    public static bool TryParseReason(string? code, out CouldNotMeetReason reason)
    {
        foreach (var r in Reasons)
        {
            if (r.ToCode() == code)
            {
                reason = r;
                return true;
            }
        }

        reason = default;
        return false;
    }

    /// <summary>The answer as the page and the email offer it.</summary>
    public static string Label(this FeedbackAnswer answer) => answer switch
    {
        FeedbackAnswer.Met => "We met",
        FeedbackAnswer.NotYet => "Not yet",
        FeedbackAnswer.CouldNotMeet => "We couldn't meet",
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };

    public static string Label(this CouldNotMeetReason reason) => reason switch
    {
        CouldNotMeetReason.NoReply => "No reply",
        CouldNotMeetReason.NoTime => "We couldn't find a time",
        CouldNotMeetReason.Cancelled => "It was cancelled",
        CouldNotMeetReason.NotRelevant => "It didn't seem relevant",
        CouldNotMeetReason.Other => "Another reason",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>The answer and reason in one line, for a person's data download and the organisers.</summary>
    public static string Describe(string outcome, string? reasonCode, string? reason)
    {
        var text = TryParseAnswer(outcome, out var a) ? a.Label() : outcome;
        if (reasonCode is null)
        {
            return text;
        }

        var why = TryParseReason(reasonCode, out var r) ? r.Label() : reasonCode;
        return reason is null ? $"{text}: {why}" : $"{text}: {why} ({reason})";
    }
}
