using System.Text.RegularExpressions;

namespace Unmentoring.BrowserTests;

/// <summary>Keeps <see cref="OrganiserPages.All"/> whole: every page under Web/Pages/Organise is checked with axe-core, or says why not.</summary>
public sealed partial class OrganiserPageListTests
{
    [Fact]
    public void EveryOrganiserPage_IsInTheListTheBrowserChecks()
    {
        var pages = Path.Combine(RepositoryRoot(), "src", "Unmentoring", "Web", "Pages", "Organise");
        var listed = OrganiserPages.All.Select(p => OrganiserPages.WithoutQuery(p.Path)).ToList();

        var routes = Directory.GetFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .Select(file => RouteOf(file, pages))
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(routes);
        var missing = routes.Where(r => !OrganiserPages.NotPages.ContainsKey(r) && !listed.Any(path => OrganiserPages.Matches(r, path))).ToList();
        Assert.True(missing.Count == 0, "Add these pages to OrganiserPages.All (or to NotPages, saying why): " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("/organise/rounds/{period}", "/organise/rounds/{period}", true)]
    [InlineData("/organise/sign-in/link/{token}", "/organise/sign-in/link/{usedLink}", true)]
    [InlineData("/organise/templates/{kind}", "/organise/templates/introduction", true)]
    [InlineData("/organise/templates/{kind}/html", "/organise/templates/introduction/html", true)]
    [InlineData("/organise", "/organise", true)]
    [InlineData("/organise/rounds/{period}", "/organise/rounds", false)]
    [InlineData("/organise/templates/{kind}", "/organise/templates/introduction/html", false)]
    [InlineData("/organise", "/organise/rules", false)]
    public void Matches_APathAgainstARouteTemplate(string route, string path, bool matches) =>
        Assert.Equal(matches, OrganiserPages.Matches(route, path));

    /// <summary>The page's route: its own template, or the one Razor Pages makes from the file's path; null for a partial or layout.</summary>
    private static string? RouteOf(string file, string pagesFolder)
    {
        var directive = PageDirective().Match(File.ReadAllText(file));
        if (!directive.Success)
        {
            return null;
        }

        if (directive.Groups[1].Success)
        {
            return directive.Groups[1].Value;
        }

        var relative = Path.GetRelativePath(pagesFolder, file).Replace('\\', '/');
        relative = relative[..^".cshtml".Length];
        relative = relative.EndsWith("Index", StringComparison.Ordinal) ? relative[..^"Index".Length] : relative;
        return "/organise/" + relative.TrimEnd('/');
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Unmentoring.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Unmentoring.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""^@page(?:[ \t]+"([^"]*)")?[ \t]*\r?$""", RegexOptions.Multiline)]
    private static partial Regex PageDirective();
}
