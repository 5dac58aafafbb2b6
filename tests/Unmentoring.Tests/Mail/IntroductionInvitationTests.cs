using System.Text;
using Ical.Net;
using Unmentoring.Mail;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// The introduction's .ics as a calendar program reads it: Ical.Net parses back what the project wrote
/// (times, summary, organiser, attendees), and the bytes are valid RFC 5545 whatever the names hold.
/// </summary>
public sealed class IntroductionInvitationTests
{
    private static readonly SchemeIdentity Scheme = new("UnMentoring", "organisers@unmentoring.example.org", "unmentoring.example.org");
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly PersonDetails Ada = MailSamples.Person(1, "Ada Lovelace", "ada@council.example.gov.uk");
    private static readonly PersonDetails Grace = MailSamples.Person(2, "Grace Hopper", "grace@navy.example.org");
    private static readonly PersonDetails Alan = MailSamples.Person(3, "Alan Turing", "alan@bletchley.example.org");

    [Fact]
    public void ReadBackByIcalNet_GivesTheProposalTheEmailDescribes()
    {
        var email = MailSamples.Introductions(7, [Grace, Alan, Ada], Grace)[0];

        var ics = IntroductionInvitation.Write(email, Scheme, "December 2026", Start, MailSamples.Now);

        var calendar = Calendar.Load(ics)!;
        Assert.Null(calendar.Method);
        var proposal = Assert.Single(calendar.Events);
        Assert.Equal("round-7-1-2-3@unmentoring.example.org", proposal.Uid);
        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), proposal.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 1, 10, 30, 0, DateTimeKind.Utc), proposal.DtEnd!.AsUtc);
        Assert.True(proposal.DtStart.IsUtc);
        Assert.Equal("UnMentoring conversation: Ada Lovelace, Grace Hopper and Alan Turing", proposal.Summary);
        Assert.Equal(
            "A proposed time for your December 2026 UnMentoring conversation. Grace Hopper is asked to arrange the call: move it to a time that suits you all.",
            proposal.Description);
        Assert.Equal("TENTATIVE", proposal.Status);
        Assert.Equal("UnMentoring", proposal.Organizer!.CommonName);
        Assert.Equal("mailto:organisers@unmentoring.example.org", proposal.Organizer.Value!.ToString());
        Assert.Equal(
            ["Ada Lovelace <mailto:ada@council.example.gov.uk>", "Grace Hopper <mailto:grace@navy.example.org>", "Alan Turing <mailto:alan@bletchley.example.org>"],
            proposal.Attendees.Select(a => $"{a.CommonName} <{a.Value}>"));
        Assert.All(proposal.Attendees, a => Assert.Equal(("INDIVIDUAL", "REQ-PARTICIPANT", "NEEDS-ACTION"), (a.Type, a.Role, a.ParticipationStatus)));
    }

    [Fact]
    public void TextValues_AreEscaped()
    {
        var awkward = MailSamples.Person(4, @"a\b;c,d", "awkward@example.org");
        var email = MailSamples.Introductions(7, [Ada, awkward], Ada)[0];

        var unfolded = IntroductionInvitation.Write(email, Scheme, "December 2026", Start, MailSamples.Now).Replace("\r\n ", "", StringComparison.Ordinal);

        Assert.Contains(@"SUMMARY:UnMentoring conversation: Ada Lovelace and a\\b\;c\,d" + "\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("ATTENDEE;CN=\"a\\b;c,d\";", unfolded, StringComparison.Ordinal);
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>
    /// Names of every length from characters of one to four UTF-8 octets, so that each kind falls on a fold:
    /// lines stay within 75 octets, no character is cut in two (ADR 0014: Ical.Net 5.2.4 cuts an emoji that
    /// falls on a fold, which <see cref="CalendarFolding"/> repairs), and the names read back unchanged.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void AnyName_IsFoldedBetweenWholeCharactersAndReadsBack(int seed)
    {
        string[] pieces = ["a", "Z", " ", "é", "ł", "€", "–", "\U0001F600", "\U0001F469\u200D\U0001F4BB", ";", ",", "\\", ":", "'"];
        var random = new Random(seed);
        for (var n = 0; n < 200; n++)
        {
            var name = new StringBuilder("N");
            var length = random.Next(1, 90);
            for (var i = 0; i < length; i++)
            {
                name.Append(pieces[random.Next(pieces.Length)]);
            }

            var person = MailSamples.Person(9, name.Append('x').ToString(), "person@example.org");
            var email = MailSamples.Introductions(7, [Ada, person], person)[0];

            var ics = IntroductionInvitation.Write(email, Scheme, "December 2026", Start, MailSamples.Now);

            Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
            Assert.Equal(ics, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(ics)));
            var proposal = Assert.Single(Calendar.Load(ics)!.Events);
            Assert.Equal($"UnMentoring conversation: Ada Lovelace and {person.Name}", proposal.Summary);
            Assert.Equal(person.Name, proposal.Attendees[1].CommonName);
        }
    }

    [Fact]
    public void Repair_LeavesAFileWithoutCutCharactersAsItWas()
    {
        var email = MailSamples.Introductions(7, [Ada, Grace], Ada)[0];
        var ics = IntroductionInvitation.Write(email, Scheme, "December 2026", Start, MailSamples.Now);

        Assert.Same(ics, CalendarFolding.KeepCharactersWhole(ics));
    }

    [Fact]
    public void Repair_FoldsACutEmojiWhole()
    {
        var cut = "BEGIN:VEVENT\r\nSUMMARY:" + new string('a', 65) + "\uD83D\r\n \uDE00b\r\nEND:VEVENT\r\n";

        var repaired = CalendarFolding.KeepCharactersWhole(cut);

        Assert.Equal("BEGIN:VEVENT\r\nSUMMARY:" + new string('a', 65) + "\r\n \U0001F600b\r\nEND:VEVENT\r\n", repaired);
    }
}
