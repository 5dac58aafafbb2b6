namespace Unmentoring.Mail;

/// <summary>The <c>Unmentoring:Mail</c> section: who emails come from and where they go when no SMTP host is set.</summary>
internal sealed class MailOptions
{
    public const string Section = "Unmentoring:Mail";

    public string FromAddress { get; set; } = "unmentoring@unmentoring.example";

    public string FromName { get; set; } = "UnMentoring";

    /// <summary>Where replies go (an organiser's inbox); none means the From address.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>The .eml pickup folder used when no SMTP host is set; relative to the data folder.</summary>
    public string PickupDirectory { get; set; } = "mail";

    /// <summary>
    /// A folder of email templates organisers have edited (a copy of the defaults in Mail/Templates beside
    /// the executable). None means the defaults.
    /// </summary>
    public string? TemplateDirectory { get; set; }

    /// <summary>For staging: only these recipient domains are sent to; others are recorded as suppressed. Empty: all.</summary>
    public List<string> AllowedRecipientDomains { get; set; } = [];

    internal static IEnumerable<string> Check(MailOptions o, string section)
    {
        if (!EmailAddress.IsValid(o.FromAddress))
        {
            yield return $"{section}:FromAddress must be an email address such as unmentoring@example.org.";
        }

        if (string.IsNullOrWhiteSpace(o.FromName) || o.FromName.Length > 100 || o.FromName.Any(char.IsControl))
        {
            yield return $"{section}:FromName must be 1 to 100 characters with no line breaks.";
        }

        if (o.ReplyTo is not null && !EmailAddress.IsValid(o.ReplyTo))
        {
            yield return $"{section}:ReplyTo must be an email address, or be left out.";
        }

        if (string.IsNullOrWhiteSpace(o.PickupDirectory))
        {
            yield return $"{section}:PickupDirectory must name a folder (default: mail, inside the data folder).";
        }

        if (o.TemplateDirectory is not null && (string.IsNullOrWhiteSpace(o.TemplateDirectory) || !Directory.Exists(o.TemplateDirectory)))
        {
            yield return $"{section}:TemplateDirectory must be a folder that exists (a copy of the default templates), or be left out to use the defaults.";
        }

        foreach (var domain in o.AllowedRecipientDomains.Where(d => string.IsNullOrWhiteSpace(d) || d.Contains('@', StringComparison.Ordinal) || d.Any(char.IsWhiteSpace)))
        {
            yield return $"{section}:AllowedRecipientDomains must hold domains such as example.org, not '{domain}'.";
        }
    }
}

/// <summary>How to talk to the SMTP server.</summary>
internal enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Unmentoring:Smtp</c> section. No host means the .eml pickup folder is used instead.</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Unmentoring:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    internal static IEnumerable<string> Check(SmtpOptions o, string section)
    {
        if (o.Port is < 1 or > 65535)
        {
            yield return $"{section}:Port must be a whole number from 1 to 65535 (usually 587 with StartTls, 465 with SslOnConnect).";
        }

        if (o.Host is not null && (o.Host.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || o.Host.Contains("://", StringComparison.Ordinal)))
        {
            yield return $"{section}:Host must be a host name such as smtp.example.org, without a scheme or spaces.";
        }

        if (!string.IsNullOrEmpty(o.Username) && string.IsNullOrEmpty(o.Password))
        {
            yield return $"{section}:Password must be set when {section}:Username is set.";
        }
    }
}
