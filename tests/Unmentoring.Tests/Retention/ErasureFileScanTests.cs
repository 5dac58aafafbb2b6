using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Retention;
using Unmentoring.Storage;
using Unmentoring.Tests.Storage;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Retention;

/// <summary>
/// Deleted means gone: after a person deletes their data and the service's own clean-up has run, the bytes of
/// the database's files hold nothing they gave us, while another person's row is still there (so the scan
/// can fail).
/// </summary>
public sealed class ErasureFileScanTests
{
    private const string ErasedEmail = "adaline.erased@leeds.gov.uk";
    private const string ErasedName = "Adaline Quokkaperson";
    private const string ErasedIntro = "I redesign zebracrossing permits in Harrogate.";
    private const string KeptEmail = "grace.kept@navy.example";
    private const string KeptIntro = "I write walrus compilers.";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_ThenTheServicesCleanUp_LeavesNothingOfThePersonInTheDatabaseFiles(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var manage = await Journeys.SignUpAndConfirmAsync(app, ErasedEmail, ErasedName, new Dictionary<string, string> { ["intro"] = ErasedIntro });
        await Journeys.SignUpAndConfirmAsync(app, KeptEmail, "Grace Hopper", new Dictionary<string, string>(Journeys.GraceDetails) { ["intro"] = KeptIntro });
        var (_, delete) = await app.GetAsync(manage + "/delete");
        await app.SubmitAsync(delete, [new("confirm", "yes")]);

        if (provider == TestDatabase.Postgres)
        {
            await WaitForTransactionsOlderThanTheErasureAsync(app.Database);
        }

        var cleanup = app.Services.GetRequiredService<ErasureCleanup>();
        var seen = new List<string>();
        seen.Add("before the first rewrite: " + await SessionsAsync(app.Database, provider));
        var first = await cleanup.RunAsync(evenIfNoneDue: false, default);
        if (provider == TestDatabase.Postgres)
        {
            // The service's interval between its two rewrites, in which whatever was open during the first ends.
            await WaitForTransactionsOlderThanTheErasureAsync(app.Database);
        }

        seen.Add("before the second: " + await SessionsAsync(app.Database, provider));
        var second = await cleanup.RunAsync(evenIfNoneDue: false, default);
        var third = await cleanup.RunAsync(evenIfNoneDue: false, default);

        Assert.True(first && second);
        Assert.False(third);
        var files = provider == TestDatabase.Postgres ? await PostgresFilesAsync(app.Database) : SqliteFiles(app.Database);
        Assert.Contains(files, f => Holds(f, KeptEmail));
        Assert.Contains(files, f => Holds(f, KeptIntro));
        seen.Add("after: " + await SessionsAsync(app.Database, provider));
        var sessions = provider == TestDatabase.Postgres ? "; sessions " + string.Join(" | ", seen) : "";

        foreach (var personal in new[] { ErasedEmail, ErasedName, ErasedIntro })
        {
            AssertNoFileHolds(files, personal, sessions);
        }

        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM erasure_cleanups_due"));
    }

    /// <summary>
    /// SQLite zeroes what a change frees only inside the pages it writes anyway (secure_delete = FAST); whole
    /// pages an erasure frees go to the freelist as they were: the overflow pages of a long value (an email
    /// to the person, longer than a page), and pages that many erasures empty (the email index's). The
    /// clean-up's rebuild leaves none.
    /// </summary>
    [Fact]
    public async Task Erase_DataOnPagesTheErasuresFree_IsNotInTheSqliteFileAfterTheCleanUp()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var store = new ParticipantStore(db.Database, TimeProvider.System);
        await store.AddAsync(ParticipantStoreTests.ActiveParticipant(KeptEmail) with { Intro = KeptIntro });
        var person = await store.AddAsync(ParticipantStoreTests.ActiveParticipant(ErasedEmail) with { Name = ErasedName, Intro = ErasedIntro });
        await using (var connection = await db.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // Longer than a page (4 KB), so most of it is on overflow pages of its own.
            var body = string.Join("\n", Enumerable.Range(0, 100).Select(i => $"Dear {ErasedName}, ({i}) you wrote: {ErasedIntro}"));
            await new OutboxStore(db.Database, TimeProvider.System).EnqueueAsync(
                new OutboxMessage
                {
                    IdempotencyKey = "long-email",
                    Kind = EmailKind.ManageLink,
                    ParticipantId = person.Id,
                    RecipientAddress = ErasedEmail,
                    RecipientName = ErasedName,
                    Subject = "Your link",
                    TextBody = body,
                    HtmlBody = body,
                },
                transaction);
            await transaction.CommitAsync();
        }

        var erased = new List<long> { person.Id };
        for (var i = 0; i < 300; i++)
        {
            var numbat = ParticipantStoreTests.ActiveParticipant($"numbat.{i:D3}@{ManyErasedDomain}") with { Name = $"{ManyErasedName} {i:D3}" };
            erased.Add((await store.AddAsync(numbat)).Id);
        }

        foreach (var id in erased)
        {
            Assert.True(await store.EraseAsync(id));
        }

        var cleanup = new ErasureCleanup(db.Database, NullLogger<ErasureCleanup>.Instance);
        Assert.True(await cleanup.RunAsync(evenIfNoneDue: false, default));

        var files = SqliteFiles(db);
        Assert.Contains(files, f => Holds(f, KeptEmail));
        Assert.Contains(files, f => Holds(f, KeptIntro));
        foreach (var personal in new[] { ErasedEmail, ErasedName, ErasedIntro, ManyErasedDomain, ManyErasedName })
        {
            AssertNoFileHolds(files, personal);
        }
    }

    private const string ManyErasedDomain = "wombat-district.example";
    private const string ManyErasedName = "Numbatperson";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CleanUp_WithNoErasureDue_DoesNothing(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await Journeys.SignUpAndConfirmAsync(app, KeptEmail);

        Assert.False(await app.Services.GetRequiredService<ErasureCleanup>().RunAsync(evenIfNoneDue: false, default));
    }

    /// <summary>
    /// A transaction that was open when the erasure committed (autovacuum's ANALYZE after the migrations, say)
    /// keeps the old row versions alive through a rewrite; the service answers that with a second rewrite an
    /// interval later. Here the clean-ups run back to back, so the test waits, up to a minute (a loaded
    /// machine's autovacuum can take seconds), until no session of the cluster holds a snapshot or a
    /// transaction id from before the erasure's, and says which sessions did if they still do. A write
    /// transaction between two of its statements shows a transaction id but no snapshot (read committed lets
    /// the snapshot go), and it holds the horizon back all the same, so both are asked for. Every database of
    /// the cluster is asked, not only the test's: the whole test run shares one cluster, and the rewrite's own
    /// snapshot starts at the oldest transaction running anywhere in it, so another test's transaction begun
    /// before the erasure made VACUUM FULL keep the erased version (waiting for this database's sessions alone
    /// let an erased row through two back-to-back rewrites in whole runs, three times). ADR 0019 says so.
    /// </summary>
    private static async Task WaitForTransactionsOlderThanTheErasureAsync(TestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.PostgresConnectionString);
        await connection.OpenAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await connection.ScalarAsync<long>("SELECT count(*) " + OlderSessions, null, default) > 0)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                Assert.Fail($"Sessions older than the erasure held snapshots or transactions for a minute, so a rewrite could not drop the old rows: {await SessionsAsync(connection)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The sessions of any database whose snapshot or transaction began before the erasure committed.</summary>
    private const string OlderSessions =
        """
        FROM pg_stat_activity, (SELECT age(xmin) AS erasure FROM participants WHERE status = 'erased' LIMIT 1) AS e
        WHERE pid <> pg_backend_pid() AND (age(backend_xmin) >= e.erasure OR age(backend_xid) >= e.erasure)
        """;

    private static async Task<string?> SessionsAsync(TestDatabase db, string provider)
    {
        if (provider != TestDatabase.Postgres)
        {
            return null;
        }

        await using var connection = new NpgsqlConnection(db.PostgresConnectionString);
        await connection.OpenAsync();
        return await SessionsAsync(connection);
    }

    /// <summary>Every session holding a snapshot or a transaction id, with its database and how old: for a failure message.</summary>
    private static async Task<string?> SessionsAsync(NpgsqlConnection connection) =>
        await connection.ScalarAsync<string>(
            """
            SELECT 'erasure age ' || (SELECT age(xmin) FROM participants WHERE status = 'erased' LIMIT 1) || '; ' || coalesce(string_agg(
                coalesce(datname, '-') || ' ' || coalesce(backend_type, '') || ' ' || coalesce(application_name, '') || ' ' || coalesce(state, '')
                || ' xid age ' || coalesce(age(backend_xid)::text, '-') || ' xmin age ' || coalesce(age(backend_xmin)::text, '-') || ': ' || left(coalesce(query, ''), 120), '; '), 'no other session')
            FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)
            """,
            null,
            default);

    /// <summary>One file of the database: its path (as the server names it) and its bytes.</summary>
    private sealed record DatabaseFile(string Path, byte[] Bytes);

    private static bool Holds(DatabaseFile file, string text) => file.Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static void AssertNoFileHolds(List<DatabaseFile> files, string personal, string diagnosis = "")
    {
        var holding = files.Where(f => Holds(f, personal)).Select(f => f.Path).ToList();
        Assert.True(holding.Count == 0, $"\"{personal}\" is still in {string.Join(", ", holding)} after the clean-up{diagnosis}");
    }

    private static List<DatabaseFile> SqliteFiles(TestDatabase db)
    {
        var path = Path.Combine(db.DataDirectory, StorageServices.SqliteFileName);
        return [.. new[] { path, path + "-wal" }.Where(File.Exists).Select(p => new DatabaseFile(p, ReadShared(p)))];
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// The files of the touched tables, their indexes and TOAST tables, read by the server itself
    /// (pg_read_binary_file, as the postgres OS user that owns the cluster's folder), after a checkpoint has
    /// written every page that waited in shared buffers: what a copy of the data folder would hold.
    /// </summary>
    private static async Task<List<DatabaseFile>> PostgresFilesAsync(TestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.PostgresConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("CHECKPOINT", null, default);
        var paths = new List<(string Path, string Relation)>();
        await using (var command = connection.Command(
            """
            WITH t AS (SELECT oid, reltoastrelid FROM pg_class WHERE relname = ANY(@tables) AND relkind = 'r' AND relnamespace = 'public'::regnamespace),
            rels AS (
                SELECT oid FROM t
                UNION SELECT reltoastrelid FROM t WHERE reltoastrelid <> 0
                UNION SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM t UNION SELECT reltoastrelid FROM t))
            SELECT pg_relation_filepath(oid), oid::regclass::text FROM rels
            """,
            null,
            ("tables", ErasureCleanup.TouchedTables.ToArray())))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                paths.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.NotEmpty(paths);
        var files = new List<DatabaseFile>();
        foreach (var (path, relation) in paths)
        {
            files.Add(new DatabaseFile($"{path} ({relation})", await connection.ScalarAsync<byte[]>("SELECT pg_read_binary_file(@path)", null, default, ("path", path)) ?? []));
        }

        return files;
    }
}
