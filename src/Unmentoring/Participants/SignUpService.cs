using System.Data.Common;
using Unmentoring.Mail;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

/// <summary>What someone entered on the sign-up form, already checked by the page.</summary>
internal sealed record SignUpRequest(
    string Email,
    string Name,
    string Organisation,
    string Role,
    string? Phone,
    string? Video,
    string Intro,
    Cadence Cadence,
    string ConsentTextVersion);

/// <summary>What happened to a confirmation link.</summary>
internal enum ConfirmResult
{
    Confirmed,
    /// <summary>Unknown, used, or expired: the page says the same for each, so it reveals nothing.</summary>
    NotUsable,
}

/// <summary>
/// Joining and proving an address is yours (double opt-in). Every answer a page gives from here is the same
/// whether the address was known or not: the difference only shows in the inbox of the address's owner.
/// Each email is written to the outbox in the same transaction as the change that causes it.
/// </summary>
internal sealed class SignUpService(
    Database database,
    ParticipantStore participants,
    TokenStore tokens,
    OutboxStore outbox,
    IEmailComposer composer,
    ParticipantLinks links,
    TimeProvider time)
{
    public async Task SignUpAsync(SignUpRequest request, string confirmUrlBase, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.StorageNow();
        var confirmation = tokens.NewConfirmation();
        var newcomer = new Participant
        {
            PublicId = "",
            Email = request.Email,
            Name = request.Name,
            Organisation = request.Organisation,
            Role = request.Role,
            Phone = request.Phone,
            Video = request.Video,
            Intro = request.Intro,
            Cadence = request.Cadence,
            Status = ParticipantStatus.Pending,
            ConsentBasis = ConsentText.Basis,
            ConsentTextVersion = request.ConsentTextVersion,
            ConsentAt = now,
            ConductAgreedAt = now,
        };
        var (holder, confirmTokenId) = await participants.JoinAsync(newcomer, confirmation, transaction, cancellationToken);
        if (confirmTokenId is { } tokenId)
        {
            await EnqueueConfirmationAsync(transaction, holder, new IssuedToken(tokenId, confirmation.Secret, confirmation.ExpiresAt), confirmUrlBase, cancellationToken);
        }
        else
        {
            // The address was known already, or another request has just added it: its holder gets a link.
            if (holder.Status == ParticipantStatus.Unsubscribed)
            {
                // Coming back: the consent they gave just now is the one that counts once they confirm.
                await participants.RecordConsentAsync(holder.Id, request.ConsentTextVersion, transaction, cancellationToken);
            }

            await SendLinkAsync(transaction, holder, confirmUrlBase, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Hosting.UnmentoringTelemetry.SignUps.Add(1);
    }

    /// <summary>
    /// "Email me a link": a fresh confirmation link for someone who has not confirmed (or left and signed up
    /// again), a manage link for anyone else; nothing for an unknown or erased address.
    /// </summary>
    public async Task SendLinkAsync(string email, string confirmUrlBase, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var known = await participants.FindByEmailAsync(email, transaction, cancellationToken);
        if (known is not null)
        {
            await SendLinkAsync(transaction, known, confirmUrlBase, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether a confirmation link can still be used: for the GET, which must change nothing.</summary>
    public async Task<bool> IsUsableAsync(string secret, CancellationToken cancellationToken = default)
    {
        return await tokens.FindUsableAsync(secret, cancellationToken: cancellationToken) is not null;
    }

    /// <summary>Uses the link: the participant becomes active. Returns their public id when it worked.</summary>
    public async Task<(ConfirmResult Result, string? PublicId)> ConfirmAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var token = await tokens.FindUsableAsync(secret, transaction, cancellationToken);
        if (token is null || !await tokens.UseAsync(token.Id, transaction, cancellationToken))
        {
            return (ConfirmResult.NotUsable, null);
        }

        await participants.ConfirmAsync(token.ParticipantId, transaction, cancellationToken);
        var participant = await participants.FindAsync(token.ParticipantId, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (participant is null || participant.Status == ParticipantStatus.Erased)
        {
            return (ConfirmResult.NotUsable, null);
        }

        Hosting.UnmentoringTelemetry.Confirmations.Add(1);
        return (ConfirmResult.Confirmed, participant.PublicId);
    }

    private Task SendLinkAsync(DbTransaction transaction, Participant known, string confirmUrlBase, CancellationToken cancellationToken) =>
        known.Status switch
        {
            ParticipantStatus.Pending or ParticipantStatus.Unsubscribed => SendConfirmationAsync(transaction, known, confirmUrlBase, cancellationToken),
            ParticipantStatus.Active or ParticipantStatus.Paused => SendManageLinkAsync(transaction, known, cancellationToken),
            _ => Task.CompletedTask,
        };

    private async Task SendConfirmationAsync(DbTransaction transaction, Participant participant, string confirmUrlBase, CancellationToken cancellationToken)
    {
        var token = await tokens.IssueAsync(participant.Id, transaction, cancellationToken);
        await EnqueueConfirmationAsync(transaction, participant, token, confirmUrlBase, cancellationToken);
    }

    private async Task EnqueueConfirmationAsync(DbTransaction transaction, Participant participant, IssuedToken token, string confirmUrlBase, CancellationToken cancellationToken)
    {
        var message = composer.Compose(new SignUpConfirmationEmail(PersonDetails.Of(participant), token.Id, $"{confirmUrlBase.TrimEnd('/')}/{token.Secret}", token.ExpiresAt));
        await outbox.EnqueueAsync(message, transaction, cancellationToken);
    }

    private async Task SendManageLinkAsync(DbTransaction transaction, Participant participant, CancellationToken cancellationToken)
    {
        var url = links.ManageUrl(participant.PublicId);
        var expires = time.StorageNow() + ParticipantLinks.LinkLifetime;
        var tokenId = await tokens.RecordManageLinkAsync(participant.Id, url[(url.LastIndexOf('/') + 1)..], expires, transaction, cancellationToken);
        var message = composer.Compose(new ManageLinkEmail(PersonDetails.Of(participant), tokenId, url, expires));
        await outbox.EnqueueAsync(message, transaction, cancellationToken);
    }
}
