using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Feedback;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Feedback;

/// <summary>A scheme on a test database with a fake clock: people, rounds planned by RoundService, and the loop's services.</summary>
internal sealed class FeedbackScene : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private FeedbackScene(ServiceHost service, FakeTimeProvider time)
    {
        Service = service;
        Time = time;
    }

    public ServiceHost Service { get; }

    public FakeTimeProvider Time { get; }

    public FeedbackRequests Requests => Service.Get<FeedbackRequests>();

    public FeedbackStore Store => Service.Get<FeedbackStore>();

    public static async Task<FeedbackScene> StartAsync(string provider, params (string Key, object Value)[] rules)
    {
        var time = new FakeTimeProvider(Start);
        var service = await ServiceHost.StartAsync(provider, time);
        var store = service.Get<RulesStore>();
        var current = await store.CurrentAsync();
        var changed = current.Rules;
        foreach (var (key, value) in rules)
        {
            changed = changed.Set(key, value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture)!);
        }

        await store.SaveAsync(changed, "test", "scene", current.Version);
        return new FeedbackScene(service, time);
    }

    public Task<List<Participant>> AddPeopleAsync(int count, string prefix = "person") => Service.AddPeopleAsync(count, prefix: prefix);

    /// <summary>Plans the round of the clock's month now.</summary>
    public async Task<RoundReport> RunRoundAsync()
    {
        var today = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        return (await Service.Rounds.RunAsync(Period.Of(today), today)).Round;
    }

    /// <summary>The dispatcher's part, as far as silence goes: every queued "did you meet?" email is delivered.</summary>
    public Task<long> DeliverFollowUpsAsync(string state = "sent") =>
        ExecuteAsync($"UPDATE outbox_messages SET state = '{state}' WHERE kind = 'followUp' AND state = 'pending'");

    public async Task<long> ExecuteAsync(string sql, params (string, object?)[] parameters)
    {
        await using var connection = await Service.Database.Database.OpenAsync();
        return await connection.ExecuteAsync(sql, null, default, parameters);
    }

    public async Task<long> CountAsync(string sql, params (string, object?)[] parameters)
    {
        await using var connection = await Service.Database.Database.OpenAsync();
        return await connection.ScalarAsync<long>(sql, null, default, parameters);
    }

    /// <summary>The text of the newest email of <paramref name="kind"/> to the person, as the service composed it.</summary>
    public async Task<string> LatestEmailAsync(string kind, long participantId)
    {
        await using var connection = await Service.Database.Database.OpenAsync();
        var body = await connection.ScalarAsync<string>(
            "SELECT text_body FROM outbox_messages WHERE kind = @kind AND participant_id = @id ORDER BY id DESC LIMIT 1", null, default, ("kind", kind), ("id", participantId));
        Assert.False(string.IsNullOrEmpty(body), $"No {kind} email to participant {participantId}.");
        return body!;
    }

    public async Task<Participant> ParticipantAsync(long id) => (await Service.Participants.FindAsync(id))!;

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
