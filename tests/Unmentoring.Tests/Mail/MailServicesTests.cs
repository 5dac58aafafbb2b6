using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>How the host wires mail together, from configuration, as an operator would set it.</summary>
public sealed class MailServicesTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void AddMail_DispatcherRole_DecidesWhetherTheDispatcherRuns(string? role, bool runs)
    {
        using var host = Build(new() { ["Unmentoring:Roles:Dispatcher"] = role });

        Assert.Equal(runs, host.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Any());
    }

    [Fact]
    public void AddMail_SmtpHost_ChoosesSmtpWithoutShowingThePassword()
    {
        using var smtp = Build(new()
        {
            ["Unmentoring:Smtp:Host"] = "smtp.example.org",
            ["Unmentoring:Smtp:Username"] = "unmentoring",
            ["Unmentoring:Smtp:Password"] = "hunter2-secret",
        });
        using var pickup = Build([]);

        var transport = smtp.Services.GetRequiredService<IMailTransport>();
        Assert.IsType<SmtpTransport>(transport);
        Assert.Equal("SMTP smtp.example.org:587 (StartTls, with a user name)", transport.Description);
        Assert.DoesNotContain("hunter2", transport.Description, StringComparison.Ordinal);
        Assert.IsType<PickupFolderTransport>(pickup.Services.GetRequiredService<IMailTransport>());
        Assert.IsType<TemplateEmailComposer>(pickup.Services.GetRequiredService<IEmailComposer>());
    }

    [Theory]
    [InlineData("BatchSize", "0", "Unmentoring:Dispatcher:BatchSize must be a whole number from 1 to 1000")]
    [InlineData("Concurrency", "0", "Unmentoring:Dispatcher:Concurrency must be a whole number from 1 to 16")]
    [InlineData("LeaseDuration", "00:00:05", "Unmentoring:Dispatcher:LeaseDuration must be from 00:01:00")]
    [InlineData("CheckinInterval", "00:00:00.5", "Unmentoring:Dispatcher:CheckinInterval must be from 00:00:01 to 00:10:00")]
    [InlineData("PresumedDeadAfter", "00:00:20", "Unmentoring:Dispatcher:PresumedDeadAfter must be at least three times CheckinInterval")]
    [InlineData("PresumedDeadAfter", "00:20:00", "Unmentoring:Dispatcher:PresumedDeadAfter must be at least three times CheckinInterval and no more than LeaseDuration")]
    [InlineData("RetryFor", "-1.00:00:00", "Unmentoring:Dispatcher:RetryFor must be from 00:00:00")]
    [InlineData("PollInterval", "soon", "Unmentoring:Dispatcher:PollInterval must be a duration such as 00:30:00.")]
    public void DispatcherOptions_BadValue_OneLineNamingTheSetting(string key, string value, string message)
    {
        using var host = Build(new() { [$"Unmentoring:Dispatcher:{key}"] = value });

        var error = Assert.Throws<ConfigurationException>(() => host.Checked());

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Host_WithSmtpConfigured_TheDispatcherDeliversWhatIsQueued()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        using var host = Build(new()
        {
            ["Unmentoring:Smtp:Host"] = "127.0.0.1",
            ["Unmentoring:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Unmentoring:Smtp:Security"] = "None",
            ["Unmentoring:Dispatcher:PollInterval"] = "00:00:00.2",
        });
        var services = host.Checked();
        await StorageServices.PrepareDatabaseAsync(services, default);
        var participant = await services.GetRequiredService<ParticipantStore>().AddAsync(new Participant
        {
            PublicId = "",
            Email = "ada@example.org",
            Name = "Ada",
            Status = ParticipantStatus.Active,
            ConsentBasis = "form",
            ConsentTextVersion = "2026-11",
            ConsentAt = DateTime.UtcNow,
        });
        var person = new PersonDetails(participant.Id, participant.PublicId, "ada@example.org", "Ada", null, null, null, null, null);
        var message = services.GetRequiredService<IEmailComposer>().Compose(new SignUpConfirmationEmail(person, 7, "https://unmentoring.example.org/confirm/abc", DateTime.UtcNow.AddDays(1)));

        await host.StartAsync();
        await using (var connection = await services.GetRequiredService<Database>().OpenAsync())
        {
            await services.GetRequiredService<OutboxStore>().EnqueueAsync(message);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.Received.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();

        var received = Assert.Single(server.Received);
        Assert.Equal("Confirm your email address to join UnMentoring", received.Message.Subject);
        Assert.Contains("https://unmentoring.example.org/confirm/abc", received.Message.TextBody, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        settings["Unmentoring:DataDirectory"] = Directory.CreateTempSubdirectory("unmentoring-mail-host-").FullName;
        return UnmentoringHost.Build(new CliContext(TextWriter.Null, TextWriter.Null, settings, TimeProvider.System));
    }
}
