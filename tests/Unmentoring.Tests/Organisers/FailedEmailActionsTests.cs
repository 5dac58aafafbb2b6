using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Mail;
using Unmentoring.Organisers;
using Unmentoring.Storage;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>When "send again" is refused, and why: emails whose person has gone, or whose link no longer works.</summary>
public sealed class FailedEmailActionsTests
{
    private const string Ada = "ada@council.example.gov.uk";
    private const string Grace = "grace@leeds.gov.uk";

    [Fact]
    public async Task SendAgain_AConfirmationWhoseLinkStillWorks_IsQueued()
    {
        await using var app = await WebApp.StartAsync();
        var id = await FailedConfirmationAsync(app);

        var result = Assert.Single(await Actions(app).SendAgainAsync([id], Ada, default));

        Assert.True(result.Done, result.Refusal);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = @id AND state = 'pending' AND attempts = 0", ("id", id)));
    }

    [Fact]
    public async Task SendAgain_AConfirmationWhoseLinkHasExpired_IsRefused()
    {
        await using var app = await WebApp.StartAsync();
        var id = await FailedConfirmationAsync(app);
        app.Time.Advance(Unmentoring.Participants.TokenStore.ConfirmLifetime + TimeSpan.FromMinutes(1));

        var result = Assert.Single(await Actions(app).SendAgainAsync([id], Ada, default));

        Assert.Contains("confirmation link has expired", result.Refusal, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = @id AND state = 'failed'", ("id", id)));
    }

    [Fact]
    public async Task SendAgain_ToSomeoneWhoDeletedTheirData_IsRefusedButMayBeMarkedDelivered()
    {
        await using var app = await WebApp.StartAsync();
        var id = await FailedConfirmationAsync(app);
        await ExecuteAsync(app, "UPDATE participants SET status = 'erased', email = NULL WHERE email = @email", ("email", Grace));

        var refused = Assert.Single(await Actions(app).SendAgainAsync([id], Ada, default));
        var marked = Assert.Single(await Actions(app).MarkDeliveredAsync([id], Ada, default));

        Assert.Contains("the person deleted their data", refused.Refusal, StringComparison.Ordinal);
        Assert.True(marked.Done, marked.Refusal);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = @id AND state = 'sent'", ("id", id)));
    }

    [Fact]
    public async Task SendAgain_AnOrganisersSignInEmail_IsRefusedBecauseItsCodeHasLapsed()
    {
        await using var app = await WebApp.StartAsync();
        await app.Services.GetRequiredService<OrganiserList>().AddOrUpdateAsync(Ada, null, OrganiserRoles.Organiser, "test");
        await app.Services.GetRequiredService<OrganiserSignIn>().RequestAsync(Ada, default);
        await ExecuteAsync(app, "UPDATE outbox_messages SET state = 'ambiguous'");
        var id = await app.CountAsync("SELECT id FROM outbox_messages WHERE kind = 'organiserSignIn'");

        var result = Assert.Single(await Actions(app).SendAgainAsync([id], Ada, default));

        Assert.Contains("sign-in code lasts 15 minutes", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAgain_AnEmailThatIsNotThere_IsRefused()
    {
        await using var app = await WebApp.StartAsync();

        var result = Assert.Single(await Actions(app).SendAgainAsync([12345], Ada, default));

        Assert.Contains("not in the outbox", result.Refusal, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'outbox.%'"));
    }

    private static FailedEmailActions Actions(WebApp app) => app.Services.GetRequiredService<FailedEmailActions>();

    /// <summary>Grace signs up through the form; her confirmation email is then recorded as refused by the server.</summary>
    private static async Task<long> FailedConfirmationAsync(WebApp app)
    {
        await app.SignUpAsync(WebApp.ValidSignUp(Grace));
        await ExecuteAsync(app, "UPDATE outbox_messages SET state = 'failed', attempts = 1, last_reply = '550 mailbox unavailable' WHERE kind = 'confirmSignUp'");
        return await app.CountAsync("SELECT id FROM outbox_messages WHERE kind = 'confirmSignUp'");
    }

    private static async Task ExecuteAsync(WebApp app, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await app.Database.Database.OpenAsync();
        await connection.ExecuteAsync(sql, null, default, parameters);
    }
}
