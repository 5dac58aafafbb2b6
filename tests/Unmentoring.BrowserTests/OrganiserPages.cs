using System.Text.RegularExpressions;

namespace Unmentoring.BrowserTests;

/// <summary>Whose browser opens a page: the signed-in organiser's, or one with no session.</summary>
public enum OrganiserSession
{
    Organiser,
    SignedOut,
}

/// <summary>
/// One organiser page to check with axe-core. <paramref name="Path"/> may name values that only exist once
/// the journey in <see cref="OrganiserJourneyTests"/> has run, in braces (see <see cref="OrganiserPages.Resolve"/>).
/// The page must answer with <paramref name="Status"/> and without a redirect, so that a lost session cannot
/// quietly check the sign-in page instead.
/// </summary>
public sealed record OrganiserPage(string Name, string Path, OrganiserSession Session = OrganiserSession.Organiser, int Status = 200);

/// <summary>
/// Every organiser page, looked at with axe-core after the keyboard journey, so in this state: one organiser
/// signed in, five participants from five organisations, the rules changed once (version 2, approval
/// required), and this month's round run, held, changed by one move and approved. A new page under
/// Web/Pages/Organise gets one line here; <see cref="OrganiserPageListTests"/> fails until it has one.
/// Pages that only answer a POST (the code form, an error summary, a preview's result) are checked on the
/// journey itself.
/// </summary>
public static partial class OrganiserPages
{
    public static IReadOnlyList<OrganiserPage> All { get; } =
    [
        new("start", "/organise"),
        new("rules", "/organise/rules"),
        new("rounds", "/organise/rounds"),
        new("rounds-preview", "/organise/rounds?handler=Preview"),
        new("round", "/organise/rounds/{period}"),
        new("round-not-found", "/organise/rounds/1999-01", Status: 404),
        new("activity", "/organise/activity"),
        new("reports", "/organise/reports"),
        new("organisers", "/organise/organisers"),
        new("sign-out", "/organise/sign-out"),
        new("sign-in", "/organise/sign-in", OrganiserSession.SignedOut),
        new("signed-out", "/organise/sign-in?signedOut=true", OrganiserSession.SignedOut),
        new("sign-in-refused", "/organise/sign-in?notOnList=true", OrganiserSession.SignedOut),
        new("sign-in-link", "/organise/sign-in/link/{freshLink}", OrganiserSession.SignedOut),
        new("sign-in-link-used", "/organise/sign-in/link/{usedLink}", OrganiserSession.SignedOut, Status: 404),
        new("exclusions", "/organise/exclusions"),
        new("participants", "/organise/participants"),
        new("participants-search", "/organise/participants?q={participantEmail}"),
        new("participant", "/organise/participants/{participantId}"),
        new("participants-import", "/organise/participants/import"),
        new("outbox", "/organise/outbox"),
        new("templates", "/organise/templates"),
        new("template", "/organise/templates/introduction"),
        new("round-filtered", "/organise/rounds/{period}?outcome=paired&who=%40"),
        new("reports-network", "/organise/reports/network"),
        new("reports-network-round", "/organise/reports/network?period={period}"),
    ];

    /// <summary>
    /// Routes under /organise that are not pages to look at, and why; anything else must be in <see cref="All"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NotPages { get; } = new Dictionary<string, string>
    {
        ["/organise/sign-in/code"] = "a GET goes back to sign-in; its form and errors are checked on the journey",
        ["/organise/sign-in/provider"] = "hands over to the identity provider, or 404 when none is configured",
        ["/organise/templates/{kind}/html"] = "an email's own HTML, shown in the template page's frame, where axe-core looks at it",
    };

    /// <summary>
    /// The names a path may use in braces, with what each stands for after the journey:
    /// <c>{period}</c> the round's month (e.g. 2026-12); <c>{participantId}</c> and <c>{participantEmail}</c> the
    /// person who was moved; <c>{usedLink}</c> the token of the sign-in link used (by its code);
    /// <c>{freshLink}</c> the token of a sign-in link not used yet.
    /// </summary>
    public static string Resolve(string path, IReadOnlyDictionary<string, string> placeholders)
    {
        foreach (var (name, value) in placeholders)
        {
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        return path.Contains('{', StringComparison.Ordinal)
            ? throw new InvalidOperationException($"{path} names a value the journey does not provide ({string.Join(", ", placeholders.Keys)}).")
            : path;
    }

    /// <summary>The path without its query string.</summary>
    public static string WithoutQuery(string path) => path.Split('?')[0];

    /// <summary>Whether <paramref name="path"/> (with its {values} unresolved, or literal ones) is a page of <paramref name="route"/>, a template such as /organise/rounds/{period}.</summary>
    public static bool Matches(string route, string path)
    {
        var pattern = "^" + EscapedRouteValue().Replace(Regex.Escape(route.TrimEnd('/')), "[^/]+") + "/?$";
        return Regex.IsMatch(path, pattern, RegexOptions.IgnoreCase);
    }

    /// <summary>A {value} of a route template, once <see cref="Regex.Escape"/> has escaped its opening brace.</summary>
    [GeneratedRegex(@"\\\{[^}]*}")]
    private static partial Regex EscapedRouteValue();
}
