namespace Unmentoring.Reports.Network;

/// <summary>
/// The organisations' colours: Paul Tol's "muted" scheme, nine colours chosen to stay apart for people with
/// colour-blindness, given to the nine largest organisations; every other organisation shares a pale grey,
/// is drawn beside its own people (the layout keeps each organisation together) and named when hovered.
/// Every node has a dark outline, so even the palest stands out from the page (WCAG 1.4.11).
/// </summary>
internal static class OrganisationColours
{
    public static IReadOnlyList<string> Palette { get; } =
        ["#332288", "#117733", "#44aa99", "#88ccee", "#ddcc77", "#cc6677", "#aa4499", "#882255", "#999933"];

    public const string Other = "#dddddd";

    public const string Outline = "#0b0c0c";

    public static string Of(int? colour) => colour is { } index ? Palette[index] : Other;
}
