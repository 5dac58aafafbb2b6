using Unmentoring.Feedback;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Feedback;

/// <summary>"Did you meet?", its reminder and the automatic pause, through the real services on both providers.</summary>
public sealed class FeedbackLoopTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SendDue_AsksOnceOnTheRightDay_RemindsOnce_AndNothingAfterTheRoundCloses(string provider)
    {
        await using var scene = await FeedbackScene.StartAsync(provider);
        var people = await scene.AddPeopleAsync(4);
        await scene.RunRoundAsync();

        scene.Time.Advance(TimeSpan.FromDays(21) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await scene.Requests.SendDueAsync(default)).Asked);

        scene.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, (await scene.Requests.SendDueAsync(default)).Asked);
        Assert.Equal(0, (await scene.Requests.SendDueAsync(default)).Asked);
        Assert.Equal(4, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));
        Assert.Equal(4, await scene.CountAsync("SELECT count(DISTINCT participant_id) FROM outbox_messages WHERE kind = 'followUp'"));

        var round = (await scene.Store.OpenRoundAsync())!;
        var now = scene.Time.GetUtcNow().UtcDateTime;
        Assert.True(await scene.Store.RecordAnswerAsync(round.Id, people[0].Id, FeedbackAnswer.Met, null, null, now, default));
        Assert.True(await scene.Store.RecordAnswerAsync(round.Id, people[1].Id, FeedbackAnswer.NotYet, null, null, now, default));

        scene.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await scene.Requests.SendDueAsync(default)).Reminded);
        scene.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, (await scene.Requests.SendDueAsync(default)).Reminded);
        scene.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(new FeedbackSent(round.Period, 0, 0), await scene.Requests.SendDueAsync(default));
        var reminded = await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND idempotency_key LIKE '%:reminder'");
        Assert.Equal(3, reminded);
        Assert.Equal(0, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND idempotency_key LIKE '%:reminder' AND participant_id = @id", ("id", people[0].Id)));
        Assert.StartsWith("Hello Person 1,\n\nWe asked whether you met", (await scene.LatestEmailAsync("followUp", people[1].Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // The next round closes this one: no more asking, reminding or answering about it.
        scene.Time.Advance(TimeSpan.FromDays(3));
        await scene.RunRoundAsync();
        var before = await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND round_id = @r", ("r", round.Id));
        scene.Time.Advance(TimeSpan.FromDays(40));
        await scene.Requests.SendDueAsync(default);
        Assert.Equal(before, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND round_id = @r", ("r", round.Id)));
        Assert.False(await scene.Store.RecordAnswerAsync(round.Id, people[2].Id, FeedbackAnswer.Met, null, null, now, default));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SendNow_AsksAtOnceWhateverTheDate_AndNobodyIsAskedTwiceWhoeverSendsFirst(string provider)
    {
        await using var scene = await FeedbackScene.StartAsync(provider);
        await scene.AddPeopleAsync(5);
        var round = await scene.RunRoundAsync();

        var (sent, refusal) = await scene.Requests.SendNowAsync(null, default);
        Assert.Null(refusal);
        Assert.Equal(5, sent!.Asked);
        Assert.Equal(0, (await scene.Requests.SendNowAsync(round.Period, default)).Sent!.Asked);
        scene.Time.Advance(TimeSpan.FromDays(22));
        Assert.Equal(0, (await scene.Requests.SendDueAsync(default)).Asked);
        Assert.Equal(5, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND idempotency_key NOT LIKE '%:reminder'"));
        Assert.Equal(5, await scene.CountAsync("SELECT count(*) FROM feedback_requests"));

        var (_, closed) = await scene.Requests.SendNowAsync(round.Period.AddMonths(-1), default);
        Assert.Equal($"There is no {round.Period.AddMonths(-1)} round. The latest is {round.Period}.", closed);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoInstances_SendingAtOnce_AskEachPersonOnce(string provider)
    {
        await using var scene = await FeedbackScene.StartAsync(provider);
        await scene.AddPeopleAsync(40);
        await scene.RunRoundAsync();
        scene.Time.Advance(TimeSpan.FromDays(22));
        var settings = scene.Service.Database.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        settings["Unmentoring:Roles:Scheduler"] = "false";
        using var other = await Unmentoring.Cli.CommandHost.OpenAsync(new Unmentoring.Cli.CliContext(new StringWriter(), new StringWriter(), settings, scene.Time), default);

        var sends = new[]
        {
            scene.Requests.SendDueAsync(default),
            other.Get<FeedbackRequests>().SendDueAsync(default),
            scene.Requests.SendNowAsync(null, default).ContinueWith(t => t.Result.Sent!, TaskScheduler.Default),
            other.Get<FeedbackRequests>().SendNowAsync(null, default).ContinueWith(t => t.Result.Sent!, TaskScheduler.Default),
        };
        var results = await Task.WhenAll(sends);

        Assert.Equal(40, results.Sum(r => r.Asked));
        Assert.Equal(40, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));
        Assert.Equal(40, await scene.CountAsync("SELECT count(DISTINCT participant_id) FROM outbox_messages WHERE kind = 'followUp'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Silence_PausesAfterNAskedRoundsNotNMinusOne_WarnsInTheLastEmail_AndKeepMeInRestores(string provider)
    {
        await using var scene = await FeedbackScene.StartAsync(provider, ("repeatWindowRounds", 0));
        var people = await scene.AddPeopleAsync(2);
        var (quiet, talker) = (people[0], people[1]);

        for (var month = 0; month < 3; month++)
        {
            var round = await scene.RunRoundAsync();
            Assert.All(round.Outcomes, o => Assert.Equal(RoundOutcome.Paired, o.Outcome));
            Assert.Equal(2, (await scene.Requests.SendNowAsync(null, default)).Sent!.Asked);
            await scene.DeliverFollowUpsAsync();
            var email = await scene.LatestEmailAsync("followUp", quiet.Id);
            Assert.Contains("Person 1", email, StringComparison.Ordinal);
            Assert.Equal(month == 2, email.Contains("If you do not answer about this one either, we will pause your place", StringComparison.Ordinal));
            if (month == 1)
            {
                await scene.Store.RecordAnswerAsync(round.Id, talker.Id, FeedbackAnswer.CouldNotMeet, CouldNotMeetReason.NoTime, null, scene.Time.GetUtcNow().UtcDateTime, default);
            }

            scene.Time.Advance(TimeSpan.FromDays(31));
            Assert.Equal(ParticipantStatus.Active, (await scene.ParticipantAsync(quiet.Id)).Status);
        }

        // The fourth round is planned after three silent rounds: the quiet one is paused, the one who answered once is not.
        var fourth = await scene.RunRoundAsync();
        var outcome = fourth.Outcomes.Single(o => o.ParticipantId == quiet.Id);
        Assert.Equal(RoundOutcome.Paused, outcome.Outcome);
        Assert.Equal(SilencePauses.Reason, outcome.Reason);
        Assert.NotEqual(RoundOutcome.Paused, fourth.Outcomes.Single(o => o.ParticipantId == talker.Id).Outcome);
        Assert.Equal(ParticipantStatus.Paused, (await scene.ParticipantAsync(quiet.Id)).Status);
        var paused = await scene.LatestEmailAsync("pausedForSilence", quiet.Id);
        Assert.Contains("We have not heard from you about your last 3 rounds", paused, StringComparison.Ordinal);
        Assert.Matches(@"https://unmentoring\.example\.org/manage/[A-Za-z0-9_\-]+/keep-me-in", paused);
        Assert.Equal(1, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'pausedForSilence'"));

        Assert.True(await scene.Store.KeepInAsync(quiet.Id, scene.Time.GetUtcNow().UtcDateTime, default));
        Assert.Equal(ParticipantStatus.Active, (await scene.ParticipantAsync(quiet.Id)).Status);

        // Kept in, the old silence no longer counts: the next round pairs them again.
        scene.Time.Advance(TimeSpan.FromDays(31));
        var fifth = await scene.RunRoundAsync();
        Assert.Equal(RoundOutcome.Paired, fifth.Outcomes.Single(o => o.ParticipantId == quiet.Id).Outcome);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Preview_AfterNSilentRounds_ShowsThePausePlanningWillMake_AndPausesNobody(string provider)
    {
        await using var scene = await FeedbackScene.StartAsync(provider, ("repeatWindowRounds", 0), ("autoPauseAfterSilentRounds", 2));
        var people = await scene.AddPeopleAsync(3);
        var quiet = people[0];
        for (var month = 0; month < 2; month++)
        {
            var round = await scene.RunRoundAsync();
            await scene.Requests.SendNowAsync(null, default);
            await scene.DeliverFollowUpsAsync();
            foreach (var talker in people.Skip(1).Where(p => round.Outcomes.Single(o => o.ParticipantId == p.Id).Outcome == RoundOutcome.Paired))
            {
                await scene.Store.RecordAnswerAsync(round.Id, talker.Id, FeedbackAnswer.Met, null, null, scene.Time.GetUtcNow().UtcDateTime, default);
            }

            scene.Time.Advance(TimeSpan.FromDays(31));
        }

        var today = DateOnly.FromDateTime(scene.Time.GetUtcNow().UtcDateTime);
        var preview = await scene.Service.Rounds.PreviewAsync(Period.Of(today), today);

        var previewed = preview.Outcomes.Single(o => o.ParticipantId == quiet.Id);
        Assert.Equal(RoundOutcome.Paused, previewed.Outcome);
        Assert.Equal(SilencePauses.Reason, previewed.Reason);
        Assert.DoesNotContain(quiet.Id, preview.Groups.SelectMany(g => g));
        Assert.All(people.Skip(1), p => Assert.NotEqual(RoundOutcome.Paused, preview.Outcomes.Single(o => o.ParticipantId == p.Id).Outcome));

        // Nothing written: the quiet one is still active, with no pause recorded and no email.
        Assert.Equal(ParticipantStatus.Active, (await scene.ParticipantAsync(quiet.Id)).Status);
        Assert.Equal(0, await scene.CountAsync("SELECT count(*) FROM silence_pauses"));
        Assert.Equal(0, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'pausedForSilence'"));

        // The round the preview showed: running it pauses the same person, with the same reason.
        var run = await scene.RunRoundAsync();
        var ran = run.Outcomes.Single(o => o.ParticipantId == quiet.Id);
        Assert.Equal((previewed.Outcome, previewed.Reason), (ran.Outcome, ran.Reason));
        Assert.Equal(
            preview.Outcomes.Where(o => o.Outcome == RoundOutcome.Paused).Select(o => o.ParticipantId).Order(),
            run.Outcomes.Where(o => o.Outcome == RoundOutcome.Paused).Select(o => o.ParticipantId).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Silence_AnUndeliveredQuestionOrASitOutIsNeverSilence(string provider)
    {
        await using var scene = await FeedbackScene.StartAsync(provider, ("repeatWindowRounds", 0), ("autoPauseAfterSilentRounds", 2), ("oddPolicy", "sitOut"));
        var people = await scene.AddPeopleAsync(2);

        // Round one: asked, but the email bounced. Round two: asked and silent. Round three: a third person
        // joins, so one sits out (not asked). None of that makes two silent asked rounds.
        await scene.RunRoundAsync();
        await scene.Requests.SendNowAsync(null, default);
        await scene.DeliverFollowUpsAsync("failed");
        scene.Time.Advance(TimeSpan.FromDays(31));
        await scene.RunRoundAsync();
        await scene.Requests.SendNowAsync(null, default);
        await scene.DeliverFollowUpsAsync();
        scene.Time.Advance(TimeSpan.FromDays(31));
        await scene.AddPeopleAsync(1, "newcomer");
        var third = await scene.RunRoundAsync();
        Assert.DoesNotContain(third.Outcomes, o => o.Outcome == RoundOutcome.Paused);

        var satOut = third.Outcomes.Single(o => o.Outcome == RoundOutcome.SatOut).ParticipantId;
        await scene.Requests.SendNowAsync(null, default);
        await scene.DeliverFollowUpsAsync();
        scene.Time.Advance(TimeSpan.FromDays(31));
        var fourth = await scene.RunRoundAsync();
        var pausedIds = fourth.Outcomes.Where(o => o.Outcome == RoundOutcome.Paused).Select(o => o.ParticipantId).ToHashSet();

        // Those paired in round three now have two delivered, silent rounds (two and three); the one who sat
        // out has only round two.
        Assert.DoesNotContain(satOut, pausedIds);
        Assert.Equal(people.Select(p => p.Id).Where(id => id != satOut).ToHashSet(), pausedIds);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_ZeroTurnsTheLoopAndThePauseOff(string provider)
    {
        await using var scene = await FeedbackScene.StartAsync(provider, ("feedbackAfterDays", 0), ("repeatWindowRounds", 0));
        await scene.AddPeopleAsync(2);
        await scene.RunRoundAsync();
        scene.Time.Advance(TimeSpan.FromDays(60));
        Assert.Equal(FeedbackSent.Nothing, await scene.Requests.SendDueAsync(default));
        var (sent, refusal) = await scene.Requests.SendNowAsync(null, default);
        Assert.Null(sent);
        Assert.StartsWith("The feedback loop is off", refusal, StringComparison.Ordinal);
        Assert.Equal(0, await scene.CountAsync("SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));
    }
}
