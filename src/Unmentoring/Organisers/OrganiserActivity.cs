using Unmentoring.Storage;

namespace Unmentoring.Organisers;

/// <summary>One line of the audit log as the activity page shows it.</summary>
internal sealed record ActivityEntry(DateTime At, string Actor, string Action, string? Subject, string? Detail);

/// <summary>One page of the audit log, newest first, and whether there are older entries.</summary>
internal sealed record ActivityPage(IReadOnlyList<ActivityEntry> Entries, int PageNumber, bool HasOlder);

/// <summary>
/// Who did what and when, from <c>audit_log</c>: organisers' own actions (sign-ins, changes to the list)
/// sit beside the rules', rounds' and participants' entries that the rest of the service writes.
/// </summary>
internal sealed class OrganiserActivity(Database database)
{
    public const int PageSize = 50;

    public async Task<ActivityPage> PageAsync(int pageNumber, CancellationToken cancellationToken)
    {
        pageNumber = Math.Max(1, pageNumber);
        await using var session = await database.SessionAsync(null, cancellationToken);

        // One more than a page, to know whether an older page exists without counting the whole log.
        var rows = await session.QueryAsync<ActivityRow>(
            "SELECT at, actor, action, subject, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT @take OFFSET @skip",
            new { take = PageSize + 1, skip = (pageNumber - 1) * PageSize });
        return new ActivityPage(
            rows.Take(PageSize).Select(r => new ActivityEntry(r.At, r.Actor, r.Action, r.Subject, r.Detail)).ToList(),
            pageNumber,
            rows.Count > PageSize);
    }

    private sealed class ActivityRow
    {
        public DateTime At { get; set; }

        public string Actor { get; set; } = "";

        public string Action { get; set; } = "";

        public string? Subject { get; set; }

        public string? Detail { get; set; }
    }
}
