using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Organisers;

/// <summary>
/// Password-less sign-in (docs/adr/0025-organiser-sign-in.md): an address on the organisers' list gets an
/// email with a 6-digit code and a link, either of which signs in once within <see cref="Lifetime"/>. Only
/// SHA-256 hashes are stored (hashed as <see cref="TokenStore.Hash"/> does for participants' tokens); using a
/// code or link marks it used in the statement that checks it, so two tries race safely. An address that is
/// not on the list, or that has asked too often, gets no email and the caller cannot tell the difference.
/// </summary>
internal sealed class OrganiserSignIn(
    Database database,
    OrganiserList organisers,
    OutboxStore outbox,
    IEmailComposer composer,
    AuditLog audit,
    TimeProvider time,
    IOptions<UnmentoringOptions> scheme)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in emails one address can be sent within <see cref="Lifetime"/>; more would let anyone flood an organiser's inbox.</summary>
    public const int EmailsPerAddress = 3;

    /// <summary>Wrong codes after which an address's live codes stop working: a 6-digit code must not be guessable.</summary>
    public const int WrongCodesAllowed = 5;

    public const string LinkPath = "/organise/sign-in/link/";

    /// <summary>Sends a code and link if the address is on the list and has not asked too often; says nothing either way.</summary>
    public async Task RequestAsync(string email, CancellationToken cancellationToken)
    {
        email = OrganiserList.Normalise(email);
        var organiser = await organisers.FindAsync(email, cancellationToken);
        if (organiser is null)
        {
            return;
        }

        var now = time.StorageNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var recent = await session.ScalarAsync<long>(
            "SELECT COUNT(*) FROM organiser_sign_in_codes WHERE email = @email AND created_at > @since",
            new { email, since = now - Lifetime });
        if (recent >= EmailsPerAddress)
        {
            await audit.RecordAsync(email, "organiser.sign-in-refused", email, "too many sign-in emails asked for", transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var expires = now + Lifetime;
        var id = await session.ScalarAsync<long>(
            """
            INSERT INTO organiser_sign_in_codes (email, link_hash, code_hash, created_at, expires_at)
            VALUES (@email, @linkHash, @codeHash, @now, @expires) RETURNING id
            """,
            new { email, linkHash = TokenStore.Hash(secret), codeHash = CodeHash(email, code), now, expires });
        var link = $"{scheme.Value.PublicBaseUrl.TrimEnd('/')}{LinkPath}{secret}";
        var message = new OrganiserSignInEmail(id, organiser.Email, organiser.Name ?? organiser.Email, code, link, Lifetime);
        await outbox.EnqueueAsync(composer.Compose(message), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether the link would sign someone in; changes nothing, so a mail scanner's GET may call it.</summary>
    public async Task<bool> LinkIsUsableAsync(string secret, CancellationToken cancellationToken)
    {
        if (!LooksLikeASecret(secret))
        {
            return false;
        }

        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ScalarAsync<long>(
            "SELECT COUNT(*) FROM organiser_sign_in_codes WHERE link_hash = @hash AND used_at IS NULL AND expires_at > @now",
            new { hash = TokenStore.Hash(secret), now = time.StorageNow() }) == 1;
    }

    /// <summary>Uses the link; the organiser it signs in, or null when it is unknown, used, expired or its address left the list.</summary>
    public async Task<Organiser?> UseLinkAsync(string secret, CancellationToken cancellationToken)
    {
        if (!LooksLikeASecret(secret))
        {
            return null;
        }

        string? email;
        await using (var session = await database.SessionAsync(null, cancellationToken))
        {
            email = await session.QuerySingleOrDefaultAsync<string>(
                "UPDATE organiser_sign_in_codes SET used_at = @now WHERE link_hash = @hash AND used_at IS NULL AND expires_at > @now RETURNING email",
                new { hash = TokenStore.Hash(secret), now = time.StorageNow() });
        }

        return await SignedInAsync(email, "link", cancellationToken);
    }

    /// <summary>Uses the code sent to <paramref name="email"/>; null when it is wrong, used, expired or guessed at too often.</summary>
    public async Task<Organiser?> UseCodeAsync(string email, string code, CancellationToken cancellationToken)
    {
        email = OrganiserList.Normalise(email);
        code = code.Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var now = time.StorageNow();
        var hash = CodeHash(email, code);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var live = await session.QueryAsync<LiveCode>(
            "SELECT id, code_hash FROM organiser_sign_in_codes WHERE email = @email AND used_at IS NULL AND expires_at > @now AND failed_attempts < @allowed",
            new { email, now, allowed = WrongCodesAllowed });
        var match = live.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(c.CodeHash, hash));
        var used = match is not null && await session.ExecuteAsync(
            "UPDATE organiser_sign_in_codes SET used_at = @now WHERE id = @id AND used_at IS NULL",
            new { now, id = match.Id }) == 1;
        if (!used && live.Count > 0)
        {
            await session.ExecuteAsync(
                "UPDATE organiser_sign_in_codes SET failed_attempts = failed_attempts + 1 WHERE email = @email AND used_at IS NULL AND expires_at > @now",
                new { email, now });
        }

        await transaction.CommitAsync(cancellationToken);
        return await SignedInAsync(used ? email : null, "code", cancellationToken);
    }

    /// <summary>Records a sign-in by any means (code, link or the identity provider) in the audit log.</summary>
    public Task RecordSignInAsync(Organiser organiser, string how, CancellationToken cancellationToken) =>
        audit.RecordAsync(organiser.Email, "organiser.signed-in", organiser.Email, $"by {how}, role {organiser.Role}", cancellationToken: cancellationToken);

    /// <summary>The code is hashed with its address, so the same code sent to two people has two hashes.</summary>
    private static byte[] CodeHash(string email, string code) => TokenStore.Hash($"{email}:{code}");

    private static bool LooksLikeASecret(string secret) =>
        secret.Length == TokenStore.SecretLength && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private async Task<Organiser?> SignedInAsync(string? email, string how, CancellationToken cancellationToken)
    {
        // The list is read after the code is used: someone removed since the email was sent does not get in.
        var organiser = email is null ? null : await organisers.FindAsync(email, cancellationToken);
        if (organiser is not null)
        {
            await RecordSignInAsync(organiser, how, cancellationToken);
        }

        return organiser;
    }

    private sealed class LiveCode
    {
        public long Id { get; set; }

        public byte[] CodeHash { get; set; } = [];
    }
}
