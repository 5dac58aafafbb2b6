using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;

namespace Unmentoring.Participants;

/// <summary>
/// The links in every email that let a participant manage their participation without a password. They
/// carry a token signed with the shared Data Protection keys: it names the participant's public id and
/// expires, so no row per email is stored (a round of 100,000 emails writes no tokens). Erasing a person
/// makes their links useless, because the public id then leads to no personal data.
/// Paths are fixed here so that emails and pages agree.
/// </summary>
internal sealed class ParticipantLinks(IDataProtectionProvider protection, IOptions<UnmentoringOptions> options, TimeProvider time)
{
    public const string ManagePath = "/manage";
    public const string UnsubscribePath = "/unsubscribe";

    /// <summary>Long enough to outlive the gap between two quarterly rounds with room to spare.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(190);

    private readonly ITimeLimitedDataProtector _manage = protection.CreateProtector("Unmentoring.Links.Manage").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _unsubscribe = protection.CreateProtector("Unmentoring.Links.Unsubscribe").ToTimeLimitedDataProtector();

    /// <summary>The page where a participant changes details, pauses, skips, unsubscribes, downloads or deletes their data.</summary>
    public string ManageUrl(string publicId, string? section = null) =>
        $"{Base}{ManagePath}/{_manage.Protect(publicId, time.GetUtcNow() + LinkLifetime)}{(section is null ? "" : "/" + section)}";

    /// <summary>The RFC 8058 one-click address for List-Unsubscribe: a POST here unsubscribes, a GET shows a button.</summary>
    public string UnsubscribeUrl(string publicId) =>
        $"{Base}{UnsubscribePath}/{_unsubscribe.Protect(publicId, time.GetUtcNow() + LinkLifetime)}";

    public bool TryReadManageToken(string token, out string publicId) => TryRead(_manage, token, out publicId);

    public bool TryReadUnsubscribeToken(string token, out string publicId) => TryRead(_unsubscribe, token, out publicId);

    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    private bool TryRead(ITimeLimitedDataProtector protector, string token, out string publicId)
    {
        try
        {
            publicId = protector.Unprotect(token, out var expiration);
            return expiration > time.GetUtcNow();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            publicId = "";
            return false;
        }
        catch (FormatException)
        {
            publicId = "";
            return false;
        }
    }
}
