using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

/// <summary>
/// The links in every email that let a participant manage their participation without a password. A link
/// carries a token that names the participant's public id, what it is for and when it expires, signed
/// with HMAC-SHA256 under a key every instance shares (<see cref="LinkSigningKey"/>). Nothing is stored
/// per link, so a round of any size writes no tokens, and signing a link costs one HMAC.
/// Erasing a person makes their links useless, because the public id then leads to no personal data.
/// Paths are fixed here so that emails and pages agree. The report link of an introduction also names the
/// round, so it speaks for that recipient about that round's group only.
/// </summary>
internal sealed class ParticipantLinks(LinkSigningKey key, IOptions<UnmentoringOptions> options, TimeProvider time)
{
    public const string ManagePath = "/manage";
    public const string UnsubscribePath = "/unsubscribe";
    public const string ReportPath = "/report";
    public const string FeedbackPath = "/feedback";

    /// <summary>Long enough to outlive the gap between two quarterly rounds with room to spare.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(190);

    private const byte Version = 1;
    private const byte Manage = 1;
    private const byte Unsubscribe = 2;
    private const byte Report = 3;
    private const byte Feedback = 4;

    // version, purpose, expiry (Unix seconds), public id (16 bytes), then 16 bytes of the HMAC; a report or
    // feedback token has the round's id (8 bytes) after the public id, so it answers for that round only.
    private const int PayloadLength = 1 + 1 + 8 + 16;
    private const int RoundPayloadLength = PayloadLength + 8;
    private const int MacLength = 16;

    /// <summary>The page where a participant changes details, pauses, skips, unsubscribes, downloads or deletes their data.</summary>
    public string ManageUrl(string publicId, string? section = null) =>
        $"{Base}{ManagePath}/{Sign(Manage, publicId)}{(section is null ? "" : "/" + section)}";

    /// <summary>The RFC 8058 one-click address for List-Unsubscribe: a POST here unsubscribes, a GET shows a button.</summary>
    public string UnsubscribeUrl(string publicId) => $"{Base}{UnsubscribePath}/{Sign(Unsubscribe, publicId)}";

    /// <summary>The page of an introduction's "report a problem with my match": this recipient, that round's group.</summary>
    public string ReportProblemUrl(string publicId, long roundId) => $"{Base}{ReportPath}/{Sign(Report, publicId, roundId)}";

    public bool TryReadManageToken(string token, out string publicId) => TryRead(Manage, token, out publicId, out _);

    public bool TryReadUnsubscribeToken(string token, out string publicId) => TryRead(Unsubscribe, token, out publicId, out _);

    public bool TryReadReportToken(string token, out string publicId, out long roundId) => TryRead(Report, token, out publicId, out roundId);

    /// <summary>
    /// The answer page for "did you meet?" about one round; <paramref name="answer"/> (met, notYet,
    /// couldNotMeet) only preselects a choice, since the person confirms it on the page.
    /// </summary>
    public string FeedbackUrl(string publicId, long roundId, string answer) =>
        $"{Base}{FeedbackPath}/{Sign(Feedback, publicId, roundId)}/{answer}";

    public bool TryReadFeedbackToken(string token, out string publicId, out long roundId) => TryRead(Feedback, token, out publicId, out roundId);

    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    private string Sign(byte purpose, string publicId, long? roundId = null)
    {
        var payloadLength = roundId is null ? PayloadLength : RoundPayloadLength;
        Span<byte> token = stackalloc byte[payloadLength + MacLength];
        token[0] = Version;
        token[1] = purpose;
        BinaryPrimitives.WriteInt64BigEndian(token[2..], (time.GetUtcNow() + LinkLifetime).ToUnixTimeSeconds());
        if (!Guid.TryParse(publicId, out var id) || !id.TryWriteBytes(token[10..PayloadLength], bigEndian: true, out _))
        {
            throw new ArgumentException("A public id is a GUID.", nameof(publicId));
        }

        if (roundId is { } round)
        {
            BinaryPrimitives.WriteInt64BigEndian(token[PayloadLength..], round);
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key.Value, token[..payloadLength], mac);
        mac[..MacLength].CopyTo(token[payloadLength..]);
        return System.Buffers.Text.Base64Url.EncodeToString(token);
    }

    private bool TryRead(byte purpose, string token, out string publicId, out long roundId)
    {
        publicId = "";
        roundId = 0;
        var payloadLength = purpose is Report or Feedback ? RoundPayloadLength : PayloadLength;
        Span<byte> bytes = stackalloc byte[payloadLength + MacLength];
        if (!FromBase64Url(token, bytes) || bytes[0] != Version || bytes[1] != purpose)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key.Value, bytes[..payloadLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], bytes[payloadLength..]))
        {
            return false;
        }

        if (DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes[2..])) <= time.GetUtcNow())
        {
            return false;
        }

        publicId = new Guid(bytes[10..PayloadLength], bigEndian: true).ToString();
        if (purpose is Report or Feedback)
        {
            roundId = BinaryPrimitives.ReadInt64BigEndian(bytes[PayloadLength..]);
        }

        return true;
    }

    private static bool FromBase64Url(string token, Span<byte> into)
    {
        // 42 bytes encode to 56 characters with no padding (50, a report or feedback token, to 67); anything else is not one of our tokens.
        if (token.Length != System.Buffers.Text.Base64Url.GetEncodedLength(into.Length) || token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        // DecodeFromChars reports bad input as a status; TryDecodeFromChars throws on a link whose last
        // character carries bits past the last byte (67 characters hold 402 bits for 400).
        return System.Buffers.Text.Base64Url.DecodeFromChars(token, into, out var read, out var written) == System.Buffers.OperationStatus.Done
            && read == token.Length
            && written == into.Length;
    }
}

/// <summary>
/// The secret that signs participant links: 32 random bytes kept in the database (table <c>secrets</c>),
/// created by whichever instance needs it first, so every instance signs and checks links alike. Never
/// logged, never in configuration or the repository.
/// </summary>
internal sealed class LinkSigningKey
{
    private readonly Lazy<byte[]> _value;

    public LinkSigningKey(Database database, TimeProvider time)
        : this(() => LoadAsync(database, time).GetAwaiter().GetResult())
    {
    }

    private LinkSigningKey(Func<byte[]> load)
    {
        _value = new Lazy<byte[]>(load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public byte[] Value => _value.Value;

    /// <summary>A key of its own, for tests and tools that have no database.</summary>
    public static LinkSigningKey Ephemeral() => new(() => RandomNumberGenerator.GetBytes(32));

    private static async Task<byte[]> LoadAsync(Database database, TimeProvider time)
    {
        // Read first: only the very first start writes (and then reads whichever key won a race with another instance).
        const string Read = "SELECT value FROM secrets WHERE name = 'link-signing'";
        await using var session = await database.SessionAsync(null, default);
        if (await session.ScalarAsync<byte[]>(Read) is { } existing)
        {
            return existing;
        }

        await session.ExecuteAsync(
            "INSERT INTO secrets (name, value, created_at) VALUES ('link-signing', @value, @now) ON CONFLICT (name) DO NOTHING",
            new { value = RandomNumberGenerator.GetBytes(32), now = time.StorageNow() });
        return (await session.ScalarAsync<byte[]>(Read))!;
    }
}
