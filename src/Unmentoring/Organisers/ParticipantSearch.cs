using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Organisers;

/// <summary>One person in the organisers' list of participants.</summary>
internal sealed record ParticipantListEntry(long Id, string? Name, string? Email, string? Organisation, string Status);

/// <summary>One page of a search, how many matched in all, and which page it is.</summary>
internal sealed record ParticipantSearchPage(IReadOnlyList<ParticipantListEntry> People, long Matched, int PageNumber, int PageCount);

/// <summary>
/// Finds participants for the organisers' list: the start of the email address, the name, the surname (the
/// name's last word) or the organisation, ignoring case, within a status; in name order, a page at a time.
/// Every match is a range over an index of migration 0016, never a scan for text inside a value
/// (docs/adr/0027-participant-search.md says what is matched and why).
/// </summary>
internal sealed class ParticipantSearch(Database database)
{
    public const int PageSize = 50;

    /// <summary>Up to this many matches are collected and sorted; more are read in name order (see <see cref="SearchAsync"/>).</summary>
    public const int SortMatchesUpTo = 5000;

    /// <summary>The longest search term taken; longer text is cut (no name, address or organisation is longer).</summary>
    public const int MaxTermLength = 254;

    /// <summary>Sorts after every character, so "term" ≤ x &lt; "term" + this holds exactly for the x that start with "term".</summary>
    private const string AfterEverything = "\U0010FFFF";

    public async Task<ParticipantSearchPage> SearchAsync(string? term, string status, int pageNumber, CancellationToken cancellationToken)
    {
        term = Clean(term);
        var collate = database.Provider == DatabaseProvider.Postgres ? " COLLATE \"C\"" : "";
        var where = ParticipantStatusFilter.Condition(status);
        if (term is not null)
        {
            // The same expressions as the indexes, so each branch is a range scan of its own index.
            string Starts(string expression) => $"(lower({expression}){collate} >= lower(@from) AND lower({expression}){collate} < lower(@to))";
            where += $"""
                 AND ({Starts("email")}
                   OR {Starts("name")}
                   OR {Starts("replace(name, rtrim(name, replace(name, ' ', '')), '')")}
                   OR {Starts("organisation")})
                """;
        }

        var parameters = new { from = term, to = term + AfterEverything, take = PageSize, skip = 0L };
        await using var session = await database.SessionAsync(null, cancellationToken);
        var matched = await session.ScalarAsync<long>($"SELECT count(*) FROM participants WHERE {where}", parameters);
        var pageCount = (int)Math.Max(1, (matched + PageSize - 1) / PageSize);
        pageNumber = Math.Clamp(pageNumber, 1, pageCount);

        // Without statistics on these columns (no sample of anyone's name may sit in pg_statistic, migration
        // 0012) the planner cannot tell a rare match from a common one, and would walk the name index in order
        // testing every row, which is slow when matches are rare. The count has just said which they are: a
        // few are collected through the search indexes and sorted; many are met soon enough in name order.
        const string Columns = "id, name, email, organisation, status, paused_until, undeliverable_at";
        var sql = term is not null && matched <= SortMatchesUpTo
            ? $"""
              WITH matches AS MATERIALIZED (SELECT {Columns} FROM participants WHERE {where})
              SELECT {Columns} FROM matches ORDER BY lower(name){collate}, id LIMIT @take OFFSET @skip
              """
            : $"SELECT {Columns} FROM participants WHERE {where} ORDER BY lower(name){collate}, id LIMIT @take OFFSET @skip";
        var rows = await session.QueryAsync<ListRow>(sql, parameters with { skip = (pageNumber - 1L) * PageSize });
        var people = rows.Select(r => new ParticipantListEntry(
                r.Id, r.Name, r.Email, r.Organisation, ParticipantStatusFilter.Describe(ParticipantCodes.ParseStatus(r.Status), r.PausedUntil, r.UndeliverableAt)))
            .ToList();
        return new ParticipantSearchPage(people, matched, pageNumber, pageCount);
    }

    /// <summary>The term as searched: trimmed, at most <see cref="MaxTermLength"/> characters, or null for none.</summary>
    public static string? Clean(string? term)
    {
        var trimmed = term?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > MaxTermLength ? trimmed[..MaxTermLength] : trimmed;
    }

    private sealed class ListRow
    {
        public long Id { get; set; }

        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Organisation { get; set; }

        public string Status { get; set; } = "";

        public DateOnly? PausedUntil { get; set; }

        public DateTime? UndeliverableAt { get; set; }
    }
}
