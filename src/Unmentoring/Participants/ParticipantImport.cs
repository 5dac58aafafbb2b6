using System.Globalization;
using nietras.SeparatedValues;
using Unmentoring.Cli;
using Unmentoring.Mail;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

/// <summary>
/// Moves an organiser's existing list into the scheme. Every row is checked first; if any is wrong,
/// nothing is imported and every problem is reported with its line, so a fixed file can simply be run
/// again. People already signed up are left as they are. The rest are added in one transaction as
/// active, with the consent basis "imported by an organiser" and the date.
/// </summary>
internal sealed class ParticipantImport(Database database, ParticipantStore participants, AuditLog audit, TimeProvider time)
{
    public const string ConsentBasis = "imported by an organiser";

    public static readonly string[] Columns = ["email", "name", "organisation", "role", "phone", "video", "intro", "cadence"];

    public sealed record Report(int Added, IReadOnlyList<string> AlreadySignedUp, IReadOnlyList<string> Rejected);

    /// <summary>
    /// Imports the CSV read from <paramref name="reader"/>; <paramref name="path"/> names the file in every
    /// problem reported, and <paramref name="actor"/> is who the audit log says imported it.
    /// </summary>
    public async Task<Report> ImportAsync(string path, TextReader reader, string actor, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var (columns, rows) = CsvTable.Read(path, reader);
        CsvTable.Require(path, columns, "email", "name");
        var rejected = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var candidates = new List<(int Line, Participant Participant)>();
        var now = time.StorageNow();
        var checkedRows = 0;
        foreach (var row in rows)
        {
            var problems = Check(row, out var participant, now);
            if (participant is not null && seen.TryGetValue(participant.Email!, out var earlier))
            {
                problems.Add($"the email address is also on line {earlier}");
            }

            if (problems.Count > 0)
            {
                rejected.Add($"{Path.GetFileName(path)} line {row.Line}: {string.Join("; ", problems)}.");
            }
            else
            {
                seen[participant!.Email!] = row.Line;
                candidates.Add((row.Line, participant));
            }

            if (++checkedRows % 1000 == 0)
            {
                progress?.Report(checkedRows);
            }
        }

        if (rejected.Count > 0)
        {
            return new Report(0, [], rejected);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var known = await participants.EmailsAsync(transaction, cancellationToken);

        var already = new List<string>();
        var added = 0;
        foreach (var (line, participant) in candidates)
        {
            if (known.Contains(participant.Email!))
            {
                already.Add($"{Path.GetFileName(path)} line {line}: {participant.Email} has already signed up; left as they are.");
                continue;
            }

            await participants.AddAsync(participant, transaction, cancellationToken);
            if (++added % 1000 == 0)
            {
                progress?.Report(checkedRows + added);
            }
        }

        await audit.RecordAsync(actor, "participants.imported", Path.GetFileName(path), $"{added} added, {already.Count} already signed up", transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Report(added, already, []);
    }

    /// <summary>Writes everyone taking part (active or paused) as CSV with the import's columns, so it imports elsewhere.</summary>
    public async Task<int> ExportAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        var people = await participants.ListConfirmedAsync(cancellationToken: cancellationToken);
        using (var csv = Sep.New(',').Writer(o => o with { Escape = true }).To(writer, leaveOpen: true))
        {
            // Written even when nobody takes part, so the file still names the columns the import needs.
            csv.Header.Add(Columns);
            csv.Header.Write();
            foreach (var p in people)
            {
                string?[] cells = [p.Email, p.Name, p.Organisation, p.Role, p.Phone, p.Video, p.Intro, p.Cadence.ToCode()];
                // Asynchronously: Sep refuses a row given a token that can be cancelled (a request's, Ctrl+C's) and then disposed synchronously.
                await using var row = csv.NewRow(cancellationToken);
                for (var i = 0; i < Columns.Length; i++)
                {
                    row[Columns[i]].Set(SpreadsheetFormula.Guard(cells[i]));
                }
            }
        }

        await writer.FlushAsync(cancellationToken);
        return people.Count;
    }

    private static List<string> Check(CsvRow row, out Participant? participant, DateTime now)
    {
        var problems = new List<string>();
        participant = null;
        var email = row["email"];
        var name = row["name"];
        if (email is null)
        {
            problems.Add("the email is empty");
        }
        else if (!EmailAddress.IsValid(email))
        {
            problems.Add($"'{Printable(email)}' is not an email address (like name@example.org)");
        }

        if (name is null)
        {
            problems.Add("the name is empty");
        }

        Text(row, "name", 100, problems);
        Text(row, "organisation", 100, problems);
        Text(row, "role", 100, problems);
        Text(row, "phone", 30, problems);
        Text(row, "video", 200, problems);
        Text(row, "intro", 500, problems, allowLineBreaks: true);
        var cadence = Cadence.Monthly;
        if (row["cadence"] is { } text && !ParticipantCodes.TryParseCadence(text, out cadence))
        {
            problems.Add($"the cadence '{Printable(text)}' must be monthly, 2-monthly or quarterly");
        }

        if (problems.Count == 0)
        {
            participant = new Participant
            {
                PublicId = "",
                Email = email,
                Name = name,
                Organisation = row["organisation"] ?? EmailAddress.Domain(email!),
                Role = row["role"],
                Phone = row["phone"],
                Video = row["video"],
                Intro = row["intro"],
                Cadence = cadence,
                Status = ParticipantStatus.Active,
                ConsentBasis = ConsentBasis,
                ConsentTextVersion = "import",
                ConsentAt = now,
                ConfirmedAt = now,
            };
        }

        return problems;
    }

    private static void Text(CsvRow row, string column, int max, List<string> problems, bool allowLineBreaks = false)
    {
        if (row[column] is not { } value)
        {
            return;
        }

        if (value.Length > max)
        {
            problems.Add($"the {column} is {value.Length.ToString(CultureInfo.InvariantCulture)} characters; it must be {max.ToString(CultureInfo.InvariantCulture)} or fewer");
        }

        if (value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r')))
        {
            problems.Add($"the {column} contains a line break or control character");
        }
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());
}
