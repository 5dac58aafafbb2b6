using System.Net;
using System.Text.RegularExpressions;

namespace Unmentoring.Web;

/// <summary>The <c>Unmentoring:Web</c> section: how the pages look and how hard they push back on abuse.</summary>
internal sealed partial class WebOptions
{
    public const string Section = "Unmentoring:Web";

    /// <summary>Who runs the scheme, as the privacy notice and the accessibility statement name them.</summary>
    public string OrganiserName { get; set; } = "the UnMentoring organisers";

    /// <summary>The header's and the start button's colour (a #rrggbb colour with enough contrast for white text).</summary>
    public string BrandColour { get; set; } = "#1d70b8";

    /// <summary>The colour of links (#rrggbb, at least 4.5:1 against white).</summary>
    public string LinkColour { get; set; } = "#1a65a6";

    /// <summary>A valid sign-up sent back faster than this after the form was first shown is shown again, to be sent once more (ADR 0018); zero turns the check off.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many sign-up, resend and manage-link requests one client address may send per window.</summary>
    public int FormPostsPerWindow { get; set; } = 10;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest request body accepted, in bytes; every form fits in far less.</summary>
    public int MaxRequestBodyBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Addresses of the reverse proxies whose X-Forwarded-For is believed. Without them behind a proxy,
    /// every client would share the proxy's address, and so its rate limit.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    internal IReadOnlyList<IPAddress> ProxyAddresses => KnownProxies.Select(p => IPAddress.TryParse(p, out var a) ? a : IPAddress.None).ToList();

    internal static IEnumerable<string> Check(WebOptions o, string section)
    {
        if (string.IsNullOrWhiteSpace(o.OrganiserName) || o.OrganiserName.Length > 200 || o.OrganiserName.Any(char.IsControl))
        {
            yield return $"{section}:OrganiserName must be 1 to 200 characters with no line breaks.";
        }

        if (!HexColour().IsMatch(o.BrandColour))
        {
            yield return $"{section}:BrandColour must be a colour such as #1d70b8.";
        }

        if (!HexColour().IsMatch(o.LinkColour))
        {
            yield return $"{section}:LinkColour must be a colour such as #1a65a6.";
        }

        if (o.MinimumFillTime < TimeSpan.Zero || o.MinimumFillTime > TimeSpan.FromMinutes(5))
        {
            yield return $"{section}:MinimumFillTime must be a duration from 00:00:00 to 00:05:00.";
        }

        if (o.FormPostsPerWindow < 1)
        {
            yield return $"{section}:FormPostsPerWindow must be a whole number of at least 1.";
        }

        if (o.RateLimitWindow <= TimeSpan.Zero)
        {
            yield return $"{section}:RateLimitWindow must be a duration such as 00:10:00.";
        }

        if (o.MaxRequestBodyBytes is < 4096 or > 1024 * 1024)
        {
            yield return $"{section}:MaxRequestBodyBytes must be from 4096 to 1048576.";
        }

        foreach (var proxy in o.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return $"{section}:KnownProxies must hold IP addresses such as 10.0.0.5, not '{proxy}'.";
        }
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();
}
