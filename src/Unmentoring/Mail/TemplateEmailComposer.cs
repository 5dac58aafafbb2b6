using System.Globalization;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Participants;

namespace Unmentoring.Mail;

/// <summary>
/// Renders emails from the organisers' templates (see <see cref="EmailTemplates"/>) and adds what every
/// participant email carries: the RFC 8058 one-click List-Unsubscribe headers and, for introductions, the
/// .ics proposal. Idempotency keys name what caused the email, so composing it again gives the same key:
/// <c>round:{roundId}:{kind}:{participantId}</c>, <c>confirm:{tokenId}</c>, <c>manage:{tokenId}</c>.
/// </summary>
internal sealed class TemplateEmailComposer(
    EmailTemplates templates,
    ParticipantLinks links,
    IOptions<UnmentoringOptions> scheme,
    TimeProvider time) : IEmailComposer
{
    /// <summary>The proposed call: 10:00 UK time on the first Tuesday to Thursday of the meeting window.</summary>
    public static readonly TimeOnly ProposedStart = new(10, 0);

    public static readonly TimeSpan ProposedLength = TimeSpan.FromMinutes(30);

    private static readonly string[] Common = ["schemeName", "organiserEmail", "recipientName", "manageUrl", "pauseUrl", "skipUrl", "unsubscribeUrl"];

    /// <summary>The placeholders each kind of template may use; documented for organisers in Templates/README.txt.</summary>
    public static IReadOnlyDictionary<EmailKind, TemplateFields> Fields { get; } = new Dictionary<EmailKind, TemplateFields>
    {
        [EmailKind.Introduction] = new(
            [.. Common, "month", "meetFrom", "meetBy", "proposedSlot", "arrangerName", "youArrange", "othersNames"],
            new Dictionary<string, TemplateFields>
            {
                ["others"] = new(["name", "organisation", "role", "intro", "email", "phone", "video"]),
            }),
        [EmailKind.SatOut] = new([.. Common, "month", "reason"]),
        [EmailKind.Unmatched] = new(
            [.. Common, "month", "reason"],
            new Dictionary<string, TemplateFields> { ["rules"] = new(["rule"]) }),
        [EmailKind.ConfirmSignUp] = new([.. Common, "confirmUrl", "expiresAt"]),
        [EmailKind.ManageLink] = new([.. Common, "expiresAt"]),
    };

    public OutboxMessage Compose(IntroductionEmail email)
    {
        var everyone = email.Others.Prepend(email.To).ToList();
        foreach (var person in everyone.Append(email.Arranger))
        {
            RejectUnsafe(person);
        }

        var slot = ProposedSlot(email.MeetFrom);
        var model = Model(email.To);
        model["month"] = Month(email.Period);
        model["meetFrom"] = LongDate(email.MeetFrom);
        model["meetBy"] = LongDate(email.MeetBy);
        model["proposedSlot"] = $"{slot.ToOffset(London.GetUtcOffset(slot)):dddd d MMMM yyyy, HH:mm} to {slot.Add(ProposedLength).ToOffset(London.GetUtcOffset(slot)):HH:mm} UK time";
        model["arrangerName"] = email.Arranger.Name;
        model["youArrange"] = email.Arranger.ParticipantId == email.To.ParticipantId;
        model["othersNames"] = NameList(email.Others.Select(o => o.Name));
        model["others"] = email.Others.Select(o => new TemplateModel
        {
            ["name"] = o.Name,
            ["organisation"] = o.Organisation,
            ["role"] = o.Role,
            ["intro"] = o.Intro,
            ["email"] = o.Email,
            ["phone"] = o.Phone,
            ["video"] = o.Video,
        }).ToList();

        var members = everyone.OrderBy(p => p.ParticipantId).ToList();
        var invitation = CalendarInvitation.Create(
            uid: $"round-{email.RoundId}-{string.Join("-", members.Select(m => m.ParticipantId))}@{EmailAddress.Domain(scheme.Value.OrganiserEmail)}",
            start: slot,
            length: ProposedLength,
            stamp: time.GetUtcNow(),
            summary: $"{scheme.Value.SchemeName} conversation: {NameList(members.Select(m => m.Name))}",
            description: $"A proposed time for your {Month(email.Period)} {scheme.Value.SchemeName} conversation. {email.Arranger.Name} is asked to arrange the call: move it to a time that suits you all.",
            organiser: email.Arranger,
            attendees: members);

        return Render(EmailKind.Introduction, $"round:{email.RoundId}:{EmailKind.Introduction.ToCode()}:{email.To.ParticipantId}", email.To, model, email.RoundId)
            with
        {
            Attachments = [new EmailAttachment(CalendarInvitation.FileName, CalendarInvitation.ContentType, invitation)],
        };
    }

    public OutboxMessage Compose(SatOutEmail email)
    {
        RejectUnsafe(email.To);
        var model = Model(email.To);
        model["month"] = Month(email.Period);
        model["reason"] = email.Reason;
        return Render(EmailKind.SatOut, $"round:{email.RoundId}:{EmailKind.SatOut.ToCode()}:{email.To.ParticipantId}", email.To, model, email.RoundId);
    }

    public OutboxMessage Compose(UnmatchedEmail email)
    {
        RejectUnsafe(email.To);
        var model = Model(email.To);
        model["month"] = Month(email.Period);
        model["reason"] = email.Reason;
        model["rules"] = RulesInForce(email.Rules).Select(r => new TemplateModel { ["rule"] = r }).ToList();
        return Render(EmailKind.Unmatched, $"round:{email.RoundId}:{EmailKind.Unmatched.ToCode()}:{email.To.ParticipantId}", email.To, model, email.RoundId);
    }

    public OutboxMessage Compose(SignUpConfirmationEmail email)
    {
        RejectUnsafe(email.To);
        var model = Model(email.To);
        model["confirmUrl"] = email.ConfirmUrl;
        model["expiresAt"] = LongTime(email.ExpiresAtUtc);
        return Render(EmailKind.ConfirmSignUp, $"confirm:{email.TokenId}", email.To, model, roundId: null);
    }

    public OutboxMessage Compose(ManageLinkEmail email)
    {
        RejectUnsafe(email.To);
        var model = Model(email.To);
        model["manageUrl"] = email.ManageUrl;
        model["expiresAt"] = LongTime(email.ExpiresAtUtc);
        return Render(EmailKind.ManageLink, $"manage:{email.TokenId}", email.To, model, roundId: null);
    }

    /// <summary>The headers every participant email carries: one-click unsubscribe (RFC 8058) by https, and mailto as a fallback.</summary>
    internal IReadOnlyDictionary<string, string> ParticipantHeaders(PersonDetails to, string unsubscribeUrl)
    {
        var mailto = $"mailto:{scheme.Value.OrganiserEmail}?subject={Uri.EscapeDataString("Unsubscribe " + to.PublicId)}";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["List-Unsubscribe"] = $"<{unsubscribeUrl}>, <{mailto}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",

            // Out-of-office replies to an automatic email only fill the organisers' inbox (RFC 3834).
            ["Auto-Submitted"] = "auto-generated",
        };
        foreach (var (name, value) in headers)
        {
            HeaderSafety.Require(value, name);
        }

        return headers;
    }

    private TemplateModel Model(PersonDetails to) => new()
    {
        ["schemeName"] = scheme.Value.SchemeName,
        ["organiserEmail"] = scheme.Value.OrganiserEmail,
        ["recipientName"] = to.Name,
        ["manageUrl"] = links.ManageUrl(to.PublicId),
        ["pauseUrl"] = links.ManageUrl(to.PublicId, "pause"),
        ["skipUrl"] = links.ManageUrl(to.PublicId, "skip"),
        ["unsubscribeUrl"] = links.UnsubscribeUrl(to.PublicId),
    };

    private OutboxMessage Render(EmailKind kind, string idempotencyKey, PersonDetails to, TemplateModel model, long? roundId)
    {
        var set = templates[kind];
        var subject = set.Subject.Render(model).Trim();
        HeaderSafety.Require(subject, "the subject");
        return new OutboxMessage
        {
            IdempotencyKey = idempotencyKey,
            Kind = kind,
            RoundId = roundId,
            ParticipantId = to.ParticipantId,
            RecipientAddress = to.Email,
            RecipientName = to.Name,
            Subject = subject,
            TextBody = set.Text.Render(model),
            HtmlBody = set.Html.Render(model),
            Headers = ParticipantHeaders(to, (string)model["unsubscribeUrl"]!),
        };
    }

    /// <summary>Names and addresses were checked when they were entered; this is the second line of defence before a header.</summary>
    private static void RejectUnsafe(PersonDetails person)
    {
        HeaderSafety.Require(person.Email, "a participant's email address");
        HeaderSafety.Require(person.Name, "a participant's name");
        if (!EmailAddress.IsValid(person.Email))
        {
            throw new ArgumentException($"Participant {person.PublicId} has an email address that is not valid; it must not reach a header.");
        }
    }

    private static readonly TimeZoneInfo London = FindLondon();

    private static TimeZoneInfo FindLondon()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            // Chiseled images without time-zone data: UTC is at most an hour out, and the time is only a proposal.
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>The first Tuesday, Wednesday or Thursday on or after the start of the window, at 10:00 UK time.</summary>
    internal static DateTimeOffset ProposedSlot(DateOnly meetFrom)
    {
        var day = meetFrom;
        while (day.DayOfWeek is not (DayOfWeek.Tuesday or DayOfWeek.Wednesday or DayOfWeek.Thursday))
        {
            day = day.AddDays(1);
        }

        var local = day.ToDateTime(ProposedStart, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, London.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Month(string period) =>
        DateTime.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)
            : period;

    private static string LongDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string LongTime(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), London);
        return local.ToString("HH:mm 'on' dddd d MMMM yyyy", CultureInfo.InvariantCulture) + " UK time";
    }

    internal static string NameList(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }

    private static IEnumerable<string> RulesInForce(Rounds.SchemeRules rules)
    {
        yield return rules.RepeatWindowRounds == 0
            ? "People can be paired with someone they have met before."
            : $"Nobody is paired with someone they met in the last {rules.RepeatWindowRounds} rounds{(rules.RelaxRepeats ? ", unless that is the only way to include them" : "")}.";
        if (rules.AvoidSameOrganisation)
        {
            yield return "Nobody is paired with someone from their own organisation.";
        }

        yield return rules.OddPolicy == "trio"
            ? "When the numbers are odd, one group of three is made."
            : "When the numbers are odd, one person sits out and goes first next time.";
    }
}

/// <summary>CR, LF or any other control character in a header would let text add headers of its own.</summary>
internal static class HeaderSafety
{
    public static void Require(string? value, string what)
    {
        if (value is not null && value.Any(char.IsControl))
        {
            throw new ArgumentException($"{char.ToUpperInvariant(what[0])}{what[1..]} contains a line break or control character, so it cannot be used in an email header.");
        }
    }
}
