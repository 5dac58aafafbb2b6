using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Hosting;

/// <summary>The executable as an operator meets it: help, bad settings, migrate.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await ServiceProcess.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: unmentoring [command]", result.Output, StringComparison.Ordinal);
        foreach (var command in Unmentoring.Cli.CliApp.Commands)
        {
            Assert.Contains(command.Name, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Commands_ListEveryCommandClassOnce()
    {
        // The executable lists its verbs by hand (start-up time, ADR 0041); a new command class left out of
        // that list would be unreachable from the command line.
        var classes = typeof(Unmentoring.Cli.CliCommand).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Unmentoring.Cli.CliCommand)) && !t.IsAbstract)
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal);
        var listed = Unmentoring.Cli.CliApp.Commands.Select(c => c.GetType().FullName).Order(StringComparer.Ordinal);

        Assert.Equal(classes, listed);
    }

    [Fact]
    public async Task EveryCommand_Help_PrintsItsUsageAndExitsZero()
    {
        foreach (var command in Unmentoring.Cli.CliApp.Commands)
        {
            var output = new StringWriter();
            var code = await Unmentoring.Cli.CliApp.RunAsync([.. command.Path, "--help"], new Unmentoring.Cli.CliContext(output, new StringWriter(), new Dictionary<string, string?>(), TimeProvider.System), default);

            Assert.Equal(0, code);
            Assert.Contains($"Usage: unmentoring {command.Name}", output.ToString(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Pair_PrintsItsWholePlanAsUtf8_AndProblemsOnStandardError_FromTheRealExecutable()
    {
        // The executable writes to its standard streams through writers of its own on Linux, not the runtime's
        // Console.Out (ADR 0041): everything must still come out, in UTF-8 whatever the locale says, in
        // pieces larger than the writer's buffer, and nothing lost at exit. On Windows the console's code page
        // is honoured instead.
        Skip.If(OperatingSystem.IsWindows(), "On Windows the command line writes through Console, in the console's code page.");
        var folder = Directory.CreateTempSubdirectory("unmentoring-pair-stdout-");
        try
        {
            var names = Enumerable.Range(0, 240).Select(i => $"zoë-siân-{i:D3}").ToList();
            var people = Path.Combine(folder.FullName, "people.csv");
            await File.WriteAllTextAsync(people, "id,organisation\n" + string.Concat(names.Select((n, i) => $"{n},Cyngor {i % 7} Môn\n")));
            var latin1 = new Dictionary<string, string?> { ["LANG"] = "en_GB.ISO-8859-1", ["LC_ALL"] = null, ["LC_MESSAGES"] = null };

            var plan = await ServiceProcess.RunAsync(["pair", "--participants", people, "--seed", "7"], latin1);
            var missing = await ServiceProcess.RunAsync(["pair", "--participants", Path.Combine(folder.FullName, "nobody-ø.csv")], latin1);

            Assert.True(plan.ExitCode == 0, plan.Error);
            var groups = System.Text.Json.JsonDocument.Parse(plan.Output).RootElement.GetProperty("groups");
            Assert.Equal(names, groups.EnumerateArray().SelectMany(g => g.EnumerateArray()).Select(m => m.GetString()!).Order(StringComparer.Ordinal));
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("nobody-ø.csv: the file does not exist", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("json")]
    [InlineData("JSON")]
    public async Task JsonLogs_WhenTheSettingAsksForThem_EveryLogLineIsOneJsonObject(string formatter)
    {
        // The deploy files (deploy/kubernetes/configmap.yaml) ask for JSON logs for a collector. Registering
        // the plain formatter in code used to override the setting, so they came out as text.
        var data = Directory.CreateTempSubdirectory("unmentoring-json-logs-").FullName;
        var environment = new Dictionary<string, string?> { ["Logging__Console__FormatterName"] = formatter, ["Unmentoring__DataDirectory"] = data };

        var result = await ServiceProcess.RunAsync(["migrate"], environment);
        var plain = await ServiceProcess.RunAsync(["migrate"], new Dictionary<string, string?> { ["Unmentoring__DataDirectory"] = Directory.CreateTempSubdirectory("unmentoring-plain-logs-").FullName });

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var entry = System.Text.Json.JsonDocument.Parse(line).RootElement;
            Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
            Assert.EndsWith("Z", entry.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("Applying migration ", entry.GetProperty("Message").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains(" info: Unmentoring.Storage.Migrator[0] Applying migration 0001_initial.sql", plain.Error, StringComparison.Ordinal);
        Assert.StartsWith("Applied 0001_initial.sql", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_Help_FromTheRealExecutable()
    {
        var result = await ServiceProcess.RunAsync(["migrate", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: unmentoring migrate", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwoAndPointsToHelp()
    {
        var result = await ServiceProcess.RunAsync(["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Unknown command 'frobnicate'. Run 'unmentoring --help' for the list of commands.", result.Error.Trim());
    }

    [Fact]
    public async Task UnknownOption_ExitsTwoAndNamesIt()
    {
        var result = await ServiceProcess.RunAsync(["migrate", "--force"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Unknown option --force. Run 'unmentoring migrate --help' for usage.", result.Error.Trim());
    }

    [Theory]
    [InlineData("round show --force", "Unknown option --force. Run 'unmentoring round show --help' for usage.")]
    [InlineData("rules set --colour=red", "Unknown option --colour=red. Run 'unmentoring rules set --help' for usage.")]
    [InlineData("pair --seed 1", "The option --participants is required. Run 'unmentoring pair --help' for usage.")]
    [InlineData("pair --participants", "The option --participants needs a value. Run 'unmentoring pair --help' for usage.")]
    [InlineData("round run --period 2026-11 --period 2026-12", "The option --period is given more than once. Run 'unmentoring round run --help' for usage.")]
    [InlineData("round preview 2026-12", "Unexpected argument '2026-12'; give the period with --period. Run 'unmentoring round preview --help' for usage.")]
    [InlineData("demo --people many", "The option --people must be a whole number, not 'many'. Run 'unmentoring demo --help' for usage.")]
    [InlineData("participants import a.csv b.csv", "participants import needs one CSV file, e.g. 'unmentoring participants import people.csv'. Run 'unmentoring participants import --help' for usage.")]
    public async Task UsageMistake_ExitsTwoBeforeTouchingAnything_AndSaysWhatToFix(string words, string message)
    {
        var result = await Support.Cli.RunAsync(new Dictionary<string, string?>(), words.Split(' '));

        Assert.Equal((2, message, ""), (result.ExitCode, result.Error.Trim(), result.Output));
    }

    [Fact]
    public async Task EveryCommand_Help_ShowsEveryOptionItAccepts()
    {
        foreach (var command in Unmentoring.Cli.CliApp.Commands)
        {
            var result = await Support.Cli.RunAsync(new Dictionary<string, string?>(), [.. command.Path, "--help"]);

            var usage = result.Output.Split("\n\n")[0];
            var words = System.Text.RegularExpressions.Regex.Replace(result.Output, @"\s+", " ");
            foreach (var option in command.Parameters.OfType<System.CommandLine.Option>())
            {
                Assert.Contains(option.Name, usage, StringComparison.Ordinal);
                Assert.Contains(option.Description!, words, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("Unmentoring__Smtp__Port", "70000", "Configuration error: Unmentoring:Smtp:Port must be a whole number from 1 to 65535")]
    [InlineData("Unmentoring__Smtp__Port", "lots", "Configuration error: Unmentoring:Smtp:Port must be a whole number.")]
    [InlineData("Unmentoring__Smtp__Security", "Tls13", "Configuration error: Unmentoring:Smtp:Security must be one of None, StartTls, SslOnConnect.")]
    [InlineData("Unmentoring__PublicBaseUrl", "unmentoring.example.org", "Configuration error: Unmentoring:PublicBaseUrl must be an absolute http or https address")]
    [InlineData("Unmentoring__Mail__FromAddress", "not an address", "Configuration error: Unmentoring:Mail:FromAddress must be an email address")]
    [InlineData("Unmentoring__MigrateOnStart", "sometimes", "Configuration error: Unmentoring:MigrateOnStart must be true or false.")]
    [InlineData("ConnectionStrings__Postgres", "Hots=db;Password=hunter2", "Configuration error: ConnectionStrings:Postgres is not a valid PostgreSQL connection string")]
    [InlineData("Logging__Console__FormatterName", "xml", "Configuration error: Logging:Console:FormatterName must be simple, json or systemd, not 'xml'.")]
    public async Task InvalidSetting_StopsWithOneLineNamingIt(string variable, string value, string message)
    {
        var data = Directory.CreateTempSubdirectory("unmentoring-config-").FullName;
        var environment = new Dictionary<string, string?> { [variable] = value, ["Unmentoring__DataDirectory"] = data };

        foreach (var args in new[] { new[] { "migrate" }, new[] { "serve", "--urls", "http://127.0.0.1:0" } })
        {
            var result = await ServiceProcess.RunAsync(args, environment);

            Assert.Equal(3, result.ExitCode);
            var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(message, line, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", result.Error + result.Output, StringComparison.Ordinal);
            Assert.Empty(result.Output.Trim());
        }

        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Migrate_OnTheEmbeddedDefaults_CreatesTheSqliteFileAndIsRepeatable()
    {
        var work = Directory.CreateTempSubdirectory("unmentoring-run-").FullName;

        var first = await ServiceProcess.RunAsync(["migrate"], workingDirectory: work);
        var second = await ServiceProcess.RunAsync(["migrate"], workingDirectory: work);

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith("Applied 0001_initial.sql", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(work, "data", "unmentoring.db")));
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("is up to date", second.Output, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    [SkippableFact]
    public async Task Migrate_AgainstPostgres_CreatesTheSchemaThenChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres, migrate: false);
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Postgres"] = db.PostgresConnectionString };

        var first = await ServiceProcess.RunAsync(["migrate"], environment);
        var second = await ServiceProcess.RunAsync(["migrate"], environment);

        Assert.Equal(0, first.ExitCode);
        // Every migration, in order, whatever later ones are added.
        var all = string.Join(", ", global::Unmentoring.Storage.Migrator.For(global::Unmentoring.Storage.DatabaseProvider.Postgres).Select(m => m.Name));
        Assert.StartsWith($"Applied {all} to the PostgreSQL database", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("is up to date", second.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Serve_AgainstUnmigratedPostgres_StopsAndSaysToRunMigrate()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres, migrate: false);
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Postgres"] = db.PostgresConnectionString };

        var result = await ServiceProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], environment);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("run 'unmentoring migrate' first", result.Error, StringComparison.Ordinal);
    }
}
