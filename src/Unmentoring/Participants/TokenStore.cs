using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

internal enum TokenPurpose
{
    Confirm,
    Manage,
}

/// <summary>A token handed out: the id of its row, the secret (only ever put in an email) and when it expires.</summary>
internal sealed record IssuedToken(long Id, string Secret, DateTime ExpiresAt);

/// <summary>A confirmation token made but not stored yet: the secret for the email and the values of its row.</summary>
internal sealed record NewToken(string Secret, byte[] Hash, DateTime CreatedAt, DateTime ExpiresAt);

/// <summary>A stored token that is still usable.</summary>
internal sealed record ValidToken(long Id, long ParticipantId, DateTime ExpiresAt);

/// <summary>
/// Random single-use tokens (the sign-up confirmation). Only a SHA-256 hash is stored, so a leaked database
/// confirms nobody; using a token marks it used in the same statement that checks it, so two clicks race safely.
/// Signed manage links are recorded here too (hash only), which gives their email an id and a record of when
/// a link was sent. Every method here is part of a larger transaction (a sign-up, a confirmation, a link
/// sent), so each takes the caller's; a read that a page makes alone passes none.
/// </summary>
internal sealed class TokenStore(Database database, TimeProvider time)
{
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);

    /// <summary>32 random bytes, base64url: 43 characters.</summary>
    public const int SecretLength = 43;

    public async Task<IssuedToken> IssueAsync(long participantId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var token = NewConfirmation();
        var id = await InsertAsync(TokenPurpose.Confirm, participantId, token.Hash, token.CreatedAt, token.ExpiresAt, transaction, cancellationToken);
        return new IssuedToken(id, token.Secret, token.ExpiresAt);
    }

    /// <summary>A confirmation token for a writer that stores it with other rows (a sign-up stores it with the participant).</summary>
    public NewToken NewConfirmation()
    {
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.StorageNow();
        return new NewToken(secret, Hash(secret), now, now + ConfirmLifetime);
    }

    /// <summary>Records that a signed manage link was sent; returns the row's id.</summary>
    public Task<long> RecordManageLinkAsync(long participantId, string signedToken, DateTime expiresAt, DbTransaction transaction, CancellationToken cancellationToken) =>
        InsertAsync(TokenPurpose.Manage, participantId, Hash(signedToken), time.StorageNow(), expiresAt, transaction, cancellationToken);

    /// <summary>The token if it exists, is unused and has not expired; changes nothing (a GET may call this).</summary>
    public async Task<ValidToken?> FindUsableAsync(string secret, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeASecret(secret))
        {
            return null;
        }

        var hash = Hash(secret);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<TokenRow>(
            "SELECT id, participant_id, hash, expires_at FROM tokens WHERE hash = @hash AND purpose = 'confirm' AND used_at IS NULL AND expires_at > @now",
            new { hash, now = time.StorageNow() });

        // The index finds the row by hash; comparing the whole hash again in constant time means no answer
        // ever depends on how much of a guess was right.
        return row is { ParticipantId: { } participant } && CryptographicOperations.FixedTimeEquals(row.Hash, hash)
            ? new ValidToken(row.Id, participant, row.ExpiresAt)
            : null;
    }

    /// <summary>Marks the token used if it still is usable; false when someone (or something) used it first or it expired.</summary>
    public async Task<bool> UseAsync(long tokenId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ExecuteAsync(
            "UPDATE tokens SET used_at = @now WHERE id = @tokenId AND used_at IS NULL AND expires_at > @now",
            new { now = time.StorageNow(), tokenId }) == 1;
    }

    internal static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static bool LooksLikeASecret(string secret) =>
        secret.Length == SecretLength && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The columns a token is written with, in the order of <see cref="InsertAsync"/>'s values.</summary>
    internal const string Columns = "purpose, participant_id, hash, created_at, expires_at";

    /// <summary>How <paramref name="purpose"/> is stored.</summary>
    internal static string Code(TokenPurpose purpose) => purpose == TokenPurpose.Confirm ? "confirm" : "manage";

    private async Task<long> InsertAsync(TokenPurpose purpose, long participantId, byte[] hash, DateTime now, DateTime expires, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ScalarAsync<long>(
            $"INSERT INTO tokens ({Columns}) VALUES (@purpose, @participantId, @hash, @now, @expires) RETURNING id",
            new { purpose = Code(purpose), participantId, hash, now, expires });
    }

    /// <summary>A row of <c>tokens</c> as a look-up reads it.</summary>
    private sealed class TokenRow
    {
        public long Id { get; set; }

        public long? ParticipantId { get; set; }

        public byte[] Hash { get; set; } = [];

        public DateTime ExpiresAt { get; set; }
    }
}
