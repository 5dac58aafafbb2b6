using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Unmentoring.Rounds;

/// <summary>
/// Everything organisers can tune, stored as one JSON document per version. Each property has the default a
/// new scheme starts with; <see cref="Set"/> changes one by its JSON name and says what is allowed when a
/// value does not fit.
/// </summary>
internal sealed record SchemeRules
{
    /// <summary>Two people who met in the last N rounds are not grouped again.</summary>
    public int RepeatWindowRounds { get; init; } = 12;

    /// <summary>Never group two people from the same organisation.</summary>
    public bool AvoidSameOrganisation { get; init; } = true;

    /// <summary>What happens to the odd one out: <c>trio</c> (join a pair) or <c>sitOut</c>.</summary>
    public string OddPolicy { get; init; } = "trio";

    /// <summary>Allow a repeat rather than leave someone out who could otherwise be matched.</summary>
    public bool RelaxRepeats { get; init; } = true;

    /// <summary>Quartz cron expression for when rounds run: 09:00 on the first Monday of each month.</summary>
    public string ScheduleCron { get; init; } = "0 0 9 ? * MON#1";

    /// <summary>IANA time zone the schedule is read in.</summary>
    public string TimeZone { get; init; } = "Europe/London";

    /// <summary>Hold each planned round until an organiser approves it.</summary>
    public bool RequireApproval { get; init; }

    /// <summary>Days after the introduction to ask "did you meet?"; 0 turns it off.</summary>
    public int FeedbackAfterDays { get; init; } = 21;

    /// <summary>Days after "did you meet?" to ask once more those who said "not yet" or nothing; 0: no reminder.</summary>
    public int FeedbackReminderAfterDays { get; init; } = 7;

    /// <summary>Pause whoever left this many asked rounds in a row unanswered, when the next round is planned; 0: never.</summary>
    public int AutoPauseAfterSilentRounds { get; init; } = 3;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IReadOnlyList<string> Keys { get; } =
        ["repeatWindowRounds", "avoidSameOrganisation", "oddPolicy", "relaxRepeats", "scheduleCron", "timeZone", "requireApproval", "feedbackAfterDays", "feedbackReminderAfterDays", "autoPauseAfterSilentRounds"];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SchemeRules FromJson(string json) => JsonSerializer.Deserialize<SchemeRules>(json, Json) ?? new SchemeRules();

    /// <summary>Returns these rules with <paramref name="key"/> set, or throws <see cref="ArgumentException"/> saying what is allowed.</summary>
    public SchemeRules Set(string key, string value)
    {
        var rules = key switch
        {
            "repeatWindowRounds" => this with { RepeatWindowRounds = WholeNumber(key, value, 0, 1000) },
            "avoidSameOrganisation" => this with { AvoidSameOrganisation = Boolean(key, value) },
            "oddPolicy" => this with
            {
                OddPolicy = value switch
                {
                    "trio" or "sitOut" => value,
                    _ => throw new ArgumentException($"oddPolicy must be trio or sitOut, not '{value}'."),
                },
            },
            "relaxRepeats" => this with { RelaxRepeats = Boolean(key, value) },
            "scheduleCron" => this with { ScheduleCron = value },
            "timeZone" => this with { TimeZone = value },
            "requireApproval" => this with { RequireApproval = Boolean(key, value) },
            "feedbackAfterDays" => this with { FeedbackAfterDays = WholeNumber(key, value, 0, 90) },
            "feedbackReminderAfterDays" => this with { FeedbackReminderAfterDays = WholeNumber(key, value, 0, 90) },
            "autoPauseAfterSilentRounds" => this with { AutoPauseAfterSilentRounds = WholeNumber(key, value, 0, 24) },
            _ => throw new ArgumentException($"There is no rule called '{key}'. The rules are: {string.Join(", ", Keys)}."),
        };
        rules.Validate();
        return rules;
    }

    /// <summary>Checks the values that cannot be checked one at a time, such as the schedule and zone.</summary>
    public void Validate()
    {
        if (RepeatWindowRounds is < 0 or > 1000)
        {
            throw new ArgumentException("repeatWindowRounds must be a whole number from 0 to 1000.");
        }

        if (FeedbackAfterDays is < 0 or > 90 || FeedbackReminderAfterDays is < 0 or > 90)
        {
            throw new ArgumentException("feedbackAfterDays and feedbackReminderAfterDays must be whole numbers from 0 to 90.");
        }

        if (AutoPauseAfterSilentRounds is < 0 or > 24)
        {
            throw new ArgumentException("autoPauseAfterSilentRounds must be a whole number from 0 to 24.");
        }

        if (OddPolicy is not ("trio" or "sitOut"))
        {
            throw new ArgumentException($"oddPolicy must be trio or sitOut, not '{OddPolicy}'.");
        }

        if (!Quartz.CronExpression.TryParse(ScheduleCron, out _))
        {
            throw new ArgumentException($"scheduleCron must be a Quartz cron expression such as '0 0 9 ? * MON#1' (09:00 on the first Monday), not '{ScheduleCron}'.");
        }

        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ArgumentException($"timeZone must be a time zone name such as Europe/London, not '{TimeZone}'.");
        }
    }

    private static int WholeNumber(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{key} must be a whole number from {min} to {max}, not '{value}'.");

    private static bool Boolean(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw new ArgumentException($"{key} must be true or false, not '{value}'."),
    };
}
