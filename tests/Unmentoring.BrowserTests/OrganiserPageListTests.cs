using System.Text.RegularExpressions;

namespace Unmentoring.BrowserTests;

/// <summary>Keeps <see cref="OrganiserPages.All"/> whole: every page under Web/Pages/Organise is checked with axe-core, or says why not.</summary>
public sealed partial class OrganiserPageListTests
{
    [Fact]
    public void EveryOrganiserPage_IsInTheListTheBrowserChecks()
    {
        var pages = Path.Combine(RepositoryRoot(), "src", "Unmentoring", "Web", "Pages", "Organise");
        var listed = OrganiserPages.All.Select(p => OrganiserPages.Shape(p.Path)).Concat(OrganiserPages.NotPages.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var routes = Directory.GetFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .Select(file => RouteOf(file, pages))
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(routes);
        var missing = routes.Where(r => !listed.Contains(OrganiserPages.Shape(r))).ToList();
        Assert.True(missing.Count == 0, "Add these pages to OrganiserPages.All (or to NotPages, saying why): " + string.Join(", ", missing));
    }

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
