using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Unmentoring.Mail;

/// <summary>
/// The .ics proposal attached to an introduction, written by Ical.Net (ADR 0014): one 30-minute event in
/// UTC with every member of the group as an attendee and the scheme as organiser. It carries no METHOD:
/// it is a proposal to import, not a scheduling message, so no participant appears to have sent it.
/// Every member receives the same UID (the round and the members in id order), so a calendar that sees
/// the proposal twice keeps one event.
/// </summary>
internal static class IntroductionInvitation
{
    public const string FileName = "invitation.ics";

    public const string ContentType = "text/calendar; charset=utf-8";

    public const string ProductId = "-//LocalGov Digital//UnMentoring//EN";

    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    /// <summary>A serializer holds per-call state, so each thread keeps its own.</summary>
    [ThreadStatic]
    private static CalendarSerializer? _serializer;

    /// <param name="email">The introduction; its recipient and the others are the attendees.</param>
    /// <param name="scheme">The scheme's name (the organiser's CN) and the organisers' address.</param>
    /// <param name="month">The round's month as the emails write it, e.g. "December 2026".</param>
    /// <param name="start">The proposed start (see <see cref="EmailDates.ProposedSlot"/>).</param>
    /// <param name="stamp">When the file was written (DTSTAMP).</param>
    public static string Write(IntroductionEmail email, SchemeIdentity scheme, string month, DateTimeOffset start, DateTimeOffset stamp)
    {
        var members = MembersInIdOrder(email);
        var uid = new StringBuilder("round-").Append(email.RoundId);
        foreach (var member in members)
        {
            uid.Append('-').Append(member.ParticipantId);
        }

        var proposal = new CalendarEvent
        {
            Uid = uid.Append('@').Append(scheme.Domain).ToString(),
            DtStamp = Utc(stamp),
            DtStart = Utc(start),
            DtEnd = Utc(start + Length),
            Summary = $"{scheme.Name} conversation: {NameList.Of(members)}",
            Description = $"A proposed time for your {month} {scheme.Name} conversation. {email.Arranger.Name} is asked to arrange the call: move it to a time that suits you all.",
            Status = "TENTATIVE",
            Transparency = "OPAQUE",
            Organizer = new Organizer("mailto:" + scheme.OrganiserEmail) { CommonName = scheme.Name },
        };

        foreach (var member in members)
        {
            proposal.Attendees.Add(new Attendee("mailto:" + member.Email)
            {
                CommonName = member.Name,
                Type = "INDIVIDUAL",
                Role = "REQ-PARTICIPANT",
                ParticipationStatus = "NEEDS-ACTION",
            });
        }

        var calendar = new Calendar { ProductId = ProductId, Scale = "GREGORIAN" };
        calendar.Events.Add(proposal);
        var serializer = _serializer ??= new CalendarSerializer();
        return CalendarFolding.KeepCharactersWhole(serializer.SerializeToString(calendar)!);
    }

    private static CalDateTime Utc(DateTimeOffset time) => new(time.UtcDateTime);

    /// <summary>The recipient and the others sorted by participant id; stable, and groups are two or three people.</summary>
    private static PersonDetails[] MembersInIdOrder(IntroductionEmail email)
    {
        var members = new PersonDetails[email.Others.Count + 1];
        members[0] = email.To;
        for (var i = 0; i < email.Others.Count; i++)
        {
            var person = email.Others[i];
            var at = i + 1;
            while (at > 0 && members[at - 1].ParticipantId > person.ParticipantId)
            {
                members[at] = members[at - 1];
                at--;
            }

            members[at] = person;
        }

        return members;
    }
}

/// <summary>The scheme as a calendar names it: its name, the organisers' mailbox and the domain for UIDs.</summary>
internal sealed record SchemeIdentity(string Name, string OrganiserEmail, string Domain);
