namespace Unmentoring.Hosting;

/// <summary>The <c>Unmentoring</c> section: where data lives and how the service presents itself.</summary>
internal sealed class UnmentoringOptions
{
    public const string Section = "Unmentoring";

    /// <summary>Folder for the SQLite database and the .eml pickup folder; relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The address people reach the pages at; links in emails start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>The scheme's name as people see it in pages and emails.</summary>
    public string SchemeName { get; set; } = "UnMentoring";

    /// <summary>Where participants can write to a person who runs the scheme.</summary>
    public string OrganiserEmail { get; set; } = "organisers@unmentoring.example";

    /// <summary>Apply PostgreSQL migrations when the service starts (SQLite always migrates itself).</summary>
    public bool MigrateOnStart { get; set; }

    public RoleOptions Roles { get; set; } = new();

    /// <summary>The data folder as an absolute path.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    internal static IEnumerable<string> Check(UnmentoringOptions o, string section)
    {
        if (string.IsNullOrWhiteSpace(o.DataDirectory))
        {
            yield return $"{section}:DataDirectory must name a folder (default: data).";
        }

        if (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{section}:PublicBaseUrl must be an absolute http or https address such as https://unmentoring.example.org.";
        }

        if (string.IsNullOrWhiteSpace(o.SchemeName) || o.SchemeName.Length > 100 || o.SchemeName.Any(char.IsControl))
        {
            yield return $"{section}:SchemeName must be 1 to 100 characters with no line breaks.";
        }

        if (!Mail.EmailAddress.IsValid(o.OrganiserEmail))
        {
            yield return $"{section}:OrganiserEmail must be an email address such as organisers@example.org.";
        }
    }
}

/// <summary>Which parts <c>serve</c> runs, so a large deployment can split web replicas from workers.</summary>
internal sealed class RoleOptions
{
    public bool Web { get; set; } = true;

    public bool Scheduler { get; set; } = true;

    public bool Dispatcher { get; set; } = true;
}
