using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Unmentoring.Rounds;

namespace Unmentoring.Tests.Rounds;

/// <summary>A scheduled round that meets a database fault is tried again within its firing, and only then.</summary>
public sealed class RoundRetryTests
{
    [Fact]
    public async Task DatabaseFault_IsTriedAgainAfterAPause_UntilTheRoundRuns()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
        var tries = 0;

        var running = RoundRetry.RunAsync(
            _ => ++tries <= 2 ? throw new NpgsqlException("the connection was closed") : Task.CompletedTask,
            "2026-12",
            time,
            NullLogger.Instance,
            default);
        await AdvanceUntilDoneAsync(running, time);

        Assert.Equal(3, tries);
        Assert.Equal(RoundRetry.Pauses[0] + RoundRetry.Pauses[1], time.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task AFaultThatIsNotTheDatabases_IsNotRetried()
    {
        var time = new FakeTimeProvider();
        var tries = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => RoundRetry.RunAsync(
            _ => { tries++; throw new InvalidOperationException("a bug"); },
            "2026-12",
            time,
            NullLogger.Instance,
            default));

        Assert.Equal(1, tries);
    }

    [Fact]
    public async Task ADatabaseThatStaysDown_GivesUpAfterTheLastPause_WithTheFault()
    {
        var time = new FakeTimeProvider();
        var tries = 0;

        var running = RoundRetry.RunAsync(_ => { tries++; throw new NpgsqlException("down"); }, "2026-12", time, NullLogger.Instance, default);
        await AdvanceUntilDoneAsync(running, time);

        await Assert.ThrowsAsync<NpgsqlException>(() => running);
        Assert.Equal(RoundRetry.Pauses.Count + 1, tries);
    }

    private static async Task AdvanceUntilDoneAsync(Task running, FakeTimeProvider time)
    {
        for (var i = 0; i < 10_000 && !running.IsCompleted; i++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(running.IsCompleted, "The retries did not end.");
        try
        {
            await running;
        }
        catch (NpgsqlException)
        {
            // Asserted by the caller where expected.
        }
    }
}
