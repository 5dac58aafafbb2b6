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
    private readonly EmailDates _dates = new();
    private SchemeText? _scheme;

    public OutboxMessage Compose(IntroductionEmail email)
    {
        var to = email.To;
        var others = email.Others;
        var arranger = email.Arranger;
        HeaderSafety.Require(to);
        var arrangerChecked = ReferenceEquals(arranger, to);
        for (var i = 0; i < others.Count; i++)
        {
            HeaderSafety.Require(others[i]);
            arrangerChecked |= ReferenceEquals(arranger, others[i]);
        }

        if (!arrangerChecked)
        {
            HeaderSafety.Require(arranger);
        }

        var scheme = Scheme();
        var period = _dates.Round(email.Period, email.MeetFrom, email.MeetBy);
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
            OthersNames = NameList.Of(others),
            Others = people,
            ReportProblemUrl = links.ReportProblemUrl(to.PublicId, email.RoundId),
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
        HeaderSafety.Require(email.To);
        var model = new SatOutModel { Month = _dates.Month(email.Period), Reason = email.Reason };
        return Render(EmailKind.SatOut, OutboxStore.RoundEmailKey(email.RoundId, EmailKind.SatOut, email.To.ParticipantId), email.To, Recipient(model, email.To, Scheme()), email.RoundId);
    }

    public OutboxMessage Compose(UnmatchedEmail email)
    {
        HeaderSafety.Require(email.To);
        var model = new UnmatchedModel { Month = _dates.Month(email.Period), Reason = email.Reason, Rules = [.. RulesInForce(email.Rules)] };
        return Render(EmailKind.Unmatched, OutboxStore.RoundEmailKey(email.RoundId, EmailKind.Unmatched, email.To.ParticipantId), email.To, Recipient(model, email.To, Scheme()), email.RoundId);
    }

    public OutboxMessage Compose(SignUpConfirmationEmail email)
    {
        HeaderSafety.Require(email.To);
        var model = new ConfirmSignUpModel { ConfirmUrl = email.ConfirmUrl, ExpiresAt = EmailDates.LongTime(email.ExpiresAtUtc) };
        return Render(EmailKind.ConfirmSignUp, $"confirm:{email.TokenId}", email.To, Recipient(model, email.To, Scheme()), roundId: null);
    }

    public OutboxMessage Compose(ManageLinkEmail email)
    {
        HeaderSafety.Require(email.To);
        var model = new ManageLinkModel { ExpiresAt = EmailDates.LongTime(email.ExpiresAtUtc) };
        return Render(EmailKind.ManageLink, $"manage:{email.TokenId}", email.To, Recipient(model, email.To, Scheme(), email.ManageUrl), roundId: null);
    }

    /// <summary>To an organiser, not a participant: no participant links and no List-Unsubscribe (nothing to leave).</summary>
    public OutboxMessage Compose(OrganiserSignInEmail email)
    {
        HeaderSafety.Require(email.Email, "the recipient");
        HeaderSafety.Require(email.Name, "the recipient's name");
        var text = Scheme();
        var model = new OrganiserSignInModel
        {
            SchemeName = text.SchemeName,
            OrganiserEmail = text.OrganiserEmail,
            RecipientName = email.Name,
            Code = $"{email.Code[..3]} {email.Code[3..]}",
            SignInUrl = email.SignInUrl,
            Minutes = (int)email.Lifetime.TotalMinutes,
        };
        var (subject, body, html) = templates[EmailKind.OrganiserSignIn].Render(model);
        HeaderSafety.Require(subject, "the subject");
        return new OutboxMessage
        {
            IdempotencyKey = $"organiser-sign-in:{email.CodeId}",
            Kind = EmailKind.OrganiserSignIn,
            RecipientAddress = email.Email,
            RecipientName = email.Name,
            Subject = subject,
            TextBody = body,
            HtmlBody = html,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Auto-Submitted"] = "auto-generated" },
        };
    }

    /// <summary>To an organiser, like the sign-in email; the link leads to the reports, behind sign-in.</summary>
    public OutboxMessage Compose(MatchProblemReportedEmail email)
    {
        HeaderSafety.Require(email.Email, "the recipient");
        HeaderSafety.Require(email.Name, "the recipient's name");
        var text = Scheme();
        var model = new MatchProblemReportedModel
        {
            SchemeName = text.SchemeName,
            OrganiserEmail = text.OrganiserEmail,
            RecipientName = email.Name,
            Month = _dates.Month(email.Period),
            ReportsUrl = scheme.Value.PublicBaseUrl.TrimEnd('/') + "/organise/exclusions#reported",
        };
        var (subject, body, html) = templates[EmailKind.MatchProblemReported].Render(model);
        HeaderSafety.Require(subject, "the subject");
        return new OutboxMessage
        {
            IdempotencyKey = $"match-problem:{email.ReportId}:{email.Email}",
            Kind = EmailKind.MatchProblemReported,
            RecipientAddress = email.Email,
            RecipientName = email.Name,
            Subject = subject,
            TextBody = body,
            HtmlBody = html,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Auto-Submitted"] = "auto-generated" },
        };
    }

    /// <summary>The reminder has a key of its own, so the request and the reminder are each queued once.</summary>
    public OutboxMessage Compose(FollowUpEmail email)
    {
        HeaderSafety.Require(email.To);
        foreach (var other in email.Others)
        {
            HeaderSafety.Require(other);
        }

        var to = email.To;
        var model = new FollowUpModel
        {
            Month = _dates.Month(email.Period),
            OthersNames = NameList.Of(email.Others),
            IsReminder = email.Reminder,
            MetUrl = links.FeedbackUrl(to.PublicId, email.RoundId, "met"),
            NotYetUrl = links.FeedbackUrl(to.PublicId, email.RoundId, "notYet"),
            CouldNotMeetUrl = links.FeedbackUrl(to.PublicId, email.RoundId, "couldNotMeet"),
            PauseWarning = email.PauseAfter is not null,
            SilentRounds = email.PauseAfter ?? 0,
        };
        var key = OutboxStore.RoundEmailKey(email.RoundId, EmailKind.FollowUp, to.ParticipantId) + (email.Reminder ? ":reminder" : "");
        return Render(EmailKind.FollowUp, key, to, Recipient(model, to, Scheme()), email.RoundId);
    }

    public OutboxMessage Compose(PausedForSilenceEmail email)
    {
        HeaderSafety.Require(email.To);
        var model = new PausedForSilenceModel
        {
            Month = _dates.Month(email.Period),
            SilentRounds = email.SilentRounds,
            KeepMeInUrl = links.ManageUrl(email.To.PublicId, "keep-me-in"),
        };
        var message = Render(EmailKind.PausedForSilence, OutboxStore.RoundEmailKey(email.RoundId, EmailKind.PausedForSilence, email.To.ParticipantId), email.To, Recipient(model, email.To, Scheme()), email.RoundId);
        return message with { Held = email.Held };
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

    private sealed record SchemeText(string SchemeName, string OrganiserEmail, string Domain, string UnsubscribeMailto)
    {
        public SchemeIdentity Identity { get; } = new(SchemeName, OrganiserEmail, Domain);
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
