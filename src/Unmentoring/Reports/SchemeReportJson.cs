using System.Text.Json.Nodes;

namespace Unmentoring.Reports;

/// <summary>
/// <c>report --json</c>: the shape documented in docs/adr/0032-reports.md and the README, written out field by field
/// so that renaming a property in C# cannot change what scripts read.
/// </summary>
internal static class SchemeReportJson
{
    public static JsonObject ToJson(SchemeReport report) => new()
    {
        ["timeZone"] = report.TimeZone,
        ["rounds"] = new JsonArray(report.Rounds.Select(r => (JsonNode)Round(r)).ToArray()),
        ["months"] = new JsonArray(report.Months.Select(m => (JsonNode)new JsonObject
        {
            ["month"] = m.Month,
            ["signUps"] = m.SignUps,
            ["confirmations"] = m.Confirmations,
            ["leavers"] = m.Leavers,
            ["signedUpAtEnd"] = m.SignedUpAtEnd,
        }).ToArray()),
        ["organisations"] = new JsonObject
        {
            ["reached"] = report.Organisations.Reached,
            ["byRound"] = new JsonArray(report.Organisations.ByRound.Select(o => (JsonNode)new JsonObject
            {
                ["period"] = o.Period,
                ["inRound"] = o.InRound,
                ["new"] = o.New,
                ["reachedSoFar"] = o.ReachedSoFar,
            }).ToArray()),
        },
    };

    private static JsonObject Round(RoundFigures r) => new()
    {
        ["period"] = r.Period,
        ["roundNumber"] = r.RoundNumber,
        ["status"] = r.Status,
        ["eligible"] = r.Eligible,
        ["paired"] = r.Outcomes.Paired,
        ["satOut"] = r.Outcomes.SatOut,
        ["unmatched"] = r.Outcomes.Unmatched,
        ["paused"] = new JsonObject
        {
            ["total"] = r.Outcomes.Paused,
            ["forSilence"] = r.Outcomes.PausedForSilence,
            ["byChoice"] = r.Outcomes.PausedByChoice,
        },
        ["notDue"] = r.Outcomes.NotDue,
        ["skipped"] = r.Outcomes.Skipped,
        ["undeliverable"] = r.Outcomes.Undeliverable,
        ["asked"] = r.Feedback.Asked,
        ["answered"] = r.Feedback.Answered,
        ["responseRate"] = r.ResponseRate,
        ["answers"] = new JsonObject
        {
            ["met"] = r.Feedback.Met,
            ["notYet"] = r.Feedback.NotYet,
            ["couldNotMeet"] = r.Feedback.CouldNotMeet,
        },
        ["couldNotMeetByReason"] = new JsonObject(r.Feedback.CouldNotMeetByReason.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["groups"] = new JsonObject
        {
            ["total"] = r.Groups.Total,
            ["asked"] = r.Groups.Asked,
            ["met"] = r.Groups.Met,
            ["couldNotMeet"] = r.Groups.CouldNotMeet,
            ["notYet"] = r.Groups.NotYet,
            ["noAnswer"] = r.Groups.NoAnswer,
        },
        ["meetingRate"] = r.MeetingRate,
    };
}
