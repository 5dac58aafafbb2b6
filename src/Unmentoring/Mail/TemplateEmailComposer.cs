using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Rounds;

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


    public OutboxMessage Compose(IntroductionEmail email)
    {
        var to = email.To;
        var others = email.Others;
        var arranger = email.Arranger;
        RejectUnsafe(to);
        var arrangerChecked = ReferenceEquals(arranger, to);
        for (var i = 0; i < others.Count; i++)
        {
            RejectUnsafe(others[i]);
            arrangerChecked |= ReferenceEquals(arranger, others[i]);
        }

        if (!arrangerChecked)
        {
            RejectUnsafe(arranger);
        }

        var scheme = Scheme();
        var period = Period(email.Period, email.MeetFrom, email.MeetBy);
        var people = new PersonModel[others.Count];
        for (var i = 0; i < people.Length; i++)
        {
            people[i] = new PersonModel(others[i]);
        }

        var model = new IntroductionModel
        {
            Month = period.Month,
            MeetFrom = period.MeetFrom,
            MeetBy = period.MeetBy,
            ProposedSlot = period.ProposedSlot,
            ArrangerName = arranger.Name,
            YouArrange = arranger.ParticipantId == to.ParticipantId,
            OthersNames = NameList(others),
            Others = people,
        };

        return Render(
            EmailKind.Introduction,
            OutboxStore.RoundEmailKey(email.RoundId, EmailKind.Introduction, to.ParticipantId),
            to,
            Recipient(model, to, scheme),
            email.RoundId,
            [new EmailAttachment(IntroductionInvitation.FileName, IntroductionInvitation.ContentType, IntroductionInvitation.Write(email, scheme.Identity, period.Month, period.Start, time.GetUtcNow()))]);
    }

    public OutboxMessage Compose(SatOutEmail email)
    {
        RejectUnsafe(email.To);
        var model = new SatOutModel { Month = Month(email.Period), Reason = email.Reason };
        return Render(EmailKind.SatOut, OutboxStore.RoundEmailKey(email.RoundId, EmailKind.SatOut, email.To.ParticipantId), email.To, Recipient(model, email.To, Scheme()), email.RoundId);
    }

    public OutboxMessage Compose(UnmatchedEmail email)
    {
        RejectUnsafe(email.To);
        var model = new UnmatchedModel { Month = Month(email.Period), Reason = email.Reason, Rules = [.. RulesInForce(email.Rules)] };
        return Render(EmailKind.Unmatched, OutboxStore.RoundEmailKey(email.RoundId, EmailKind.Unmatched, email.To.ParticipantId), email.To, Recipient(model, email.To, Scheme()), email.RoundId);
    }

    public OutboxMessage Compose(SignUpConfirmationEmail email)
    {
        RejectUnsafe(email.To);
        var model = new ConfirmSignUpModel { ConfirmUrl = email.ConfirmUrl, ExpiresAt = LongTime(email.ExpiresAtUtc) };
        return Render(EmailKind.ConfirmSignUp, $"confirm:{email.TokenId}", email.To, Recipient(model, email.To, Scheme()), roundId: null);
    }

    public OutboxMessage Compose(ManageLinkEmail email)
    {
        RejectUnsafe(email.To);
        var model = new ManageLinkModel { ExpiresAt = LongTime(email.ExpiresAtUtc) };
        return Render(EmailKind.ManageLink, $"manage:{email.TokenId}", email.To, Recipient(model, email.To, Scheme(), email.ManageUrl), roundId: null);
    }

    /// <summary>The headers every participant email carries: one-click unsubscribe (RFC 8058) by https, and mailto as a fallback.</summary>
    private static Dictionary<string, string> ParticipantHeaders(PersonDetails to, string unsubscribeUrl, SchemeText scheme)
    {
        // The same as escaping "Unsubscribe " + the id: the space is always %20 and the rest is escaped alike.
        var listUnsubscribe = string.Concat(["<", unsubscribeUrl, ">, <", scheme.UnsubscribeMailto, Uri.EscapeDataString(to.PublicId), ">"]);
        HeaderSafety.Require(listUnsubscribe, "List-Unsubscribe");
        return new Dictionary<string, string>(3, StringComparer.OrdinalIgnoreCase)
        {
            ["List-Unsubscribe"] = listUnsubscribe,
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",

            // Out-of-office replies to an automatic email only fill the organisers' inbox (RFC 3834).
            ["Auto-Submitted"] = "auto-generated",
        };
    }

    /// <summary>Fills in what every email offers its templates: the scheme, the recipient and their links.</summary>
    /// <param name="manageUrl">A manage link the caller has already signed (the manage-link email), or null to sign one.</param>
    private TModel Recipient<TModel>(TModel model, PersonDetails to, SchemeText scheme, string? manageUrl = null)
        where TModel : EmailModel
    {
        model.SchemeName = scheme.SchemeName;
        model.OrganiserEmail = scheme.OrganiserEmail;
        model.RecipientName = to.Name;
        // One signed token serves the manage page and its pause and skip sections.
        var manage = manageUrl ?? links.ManageUrl(to.PublicId);
        model.ManageUrl = manage;
        model.PauseUrl = manage + "/pause";
        model.SkipUrl = manage + "/skip";
        model.UnsubscribeUrl = links.UnsubscribeUrl(to.PublicId);
        return model;
    }

    private OutboxMessage Render(EmailKind kind, string idempotencyKey, PersonDetails to, EmailModel model, long? roundId, IReadOnlyList<EmailAttachment>? attachments = null)
    {
        var (subject, text, html) = templates[kind].Render(model);
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
            TextBody = text,
            HtmlBody = html,
            Headers = ParticipantHeaders(to, model.UnsubscribeUrl, Scheme()),
            Attachments = attachments ?? [],
        };
    }

    private SchemeText? _scheme;
    private PeriodText? _period;
    private MonthText? _month;

    /// <summary>The scheme's name and address and what is made from them, worked out again only if they change.</summary>
    private SchemeText Scheme()
    {
        var options = scheme.Value;
        var cached = _scheme;
        if (cached is not null && ReferenceEquals(cached.SchemeName, options.SchemeName) && ReferenceEquals(cached.OrganiserEmail, options.OrganiserEmail))
        {
            return cached;
        }

        cached = new SchemeText(
            options.SchemeName,
            options.OrganiserEmail,
            EmailAddress.Domain(options.OrganiserEmail),
            $"mailto:{options.OrganiserEmail}?subject=Unsubscribe%20");
        _scheme = cached;
        return cached;
    }

    /// <summary>
    /// The dates of a round as the emails write them. Every introduction of a round has the same period and
    /// window, so the last one is kept (an immutable object swapped whole, so threads can share it).
    /// </summary>
    private PeriodText Period(string period, DateOnly meetFrom, DateOnly meetBy)
    {
        var cached = _period;
        if (cached is not null && cached.Period == period && cached.MeetFromDate == meetFrom && cached.MeetByDate == meetBy)
        {
            return cached;
        }

        var slot = ProposedSlot(meetFrom);
        var offset = London.GetUtcOffset(slot);
        cached = new PeriodText(
            period,
            meetFrom,
            meetBy,
            Month(period),
            LongDate(meetFrom),
            LongDate(meetBy),
            $"{UkDates.Format(slot.ToOffset(offset), "dddd d MMMM yyyy, HH:mm")} to {UkDates.Format(slot.Add(IntroductionInvitation.Length).ToOffset(offset), "HH:mm")} UK time",
            slot);
        _period = cached;
        return cached;
    }

    private string Month(string period)
    {
        var cached = _month;
        if (cached is not null && cached.Period == period)
        {
            return cached.Text;
        }

        cached = new MonthText(period, UkDates.Month(period));
        _month = cached;
        return cached.Text;
    }

    private sealed record SchemeText(string SchemeName, string OrganiserEmail, string Domain, string UnsubscribeMailto)
    {
        public SchemeIdentity Identity { get; } = new(SchemeName, OrganiserEmail, Domain);
    }

    private sealed record PeriodText(string Period, DateOnly MeetFromDate, DateOnly MeetByDate, string Month, string MeetFrom, string MeetBy, string ProposedSlot, DateTimeOffset Start);

    private sealed record MonthText(string Period, string Text);

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

    private static string LongDate(DateOnly date) => UkDates.LongDate(date);

    private static string LongTime(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), London);
        return UkDates.Format(local, "HH:mm 'on' dddd d MMMM yyyy") + " UK time";
    }

    /// <summary>People's names as a list in a sentence: "A", "A and B", "A, B and C".</summary>
    internal static string NameList(IReadOnlyList<PersonDetails> people)
    {
        switch (people.Count)
        {
            case 0:
                return "";
            case 1:
                return people[0].Name;
            default:
                var names = new CharBuffer(stackalloc char[256]);
                AppendNames(people, 0, ref names);
                var text = names.AsSpan().ToString();
                names.Dispose();
                return text;
        }
    }

    private static void AppendNames(IReadOnlyList<PersonDetails> people, int from, ref CharBuffer output)
    {
        var last = people.Count - 1;
        for (var i = from; i <= last; i++)
        {
            if (i > from)
            {
                output.Append(i == last ? " and " : ", ");
            }

            output.Append(people[i].Name);
        }
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
        // char.IsControl is exactly U+0000 to U+001F and U+007F to U+009F.
        if (value is not null && (value.AsSpan().IndexOfAnyInRange('\0', '\u001F') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') >= 0))
        {
            throw new ArgumentException($"{char.ToUpperInvariant(what[0])}{what[1..]} contains a line break or control character, so it cannot be used in an email header.");
        }
    }
}
