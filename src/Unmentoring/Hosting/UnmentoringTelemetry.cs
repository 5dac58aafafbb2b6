using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Unmentoring.Hosting;

/// <summary>
/// Our own instruments (all named <c>unmentoring.*</c>) and the activity source a round's trace comes from.
/// Static, like the runtime's and ASP.NET Core's own meters: they cost nothing until a listener (the
/// OpenTelemetry SDK, when an exporter is configured) subscribes.
/// </summary>
internal static class UnmentoringTelemetry
{
    public const string Name = "Unmentoring";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RoundsRun = Meter.CreateCounter<long>("unmentoring.rounds.run", "{round}", "Rounds planned and committed (outcome=planned) or found already there (outcome=existing).");

    public static readonly Histogram<double> RoundDuration = Meter.CreateHistogram<double>("unmentoring.round.duration", "s", "How long a round took from start to commit.");

    public static readonly Histogram<double> PairingDuration = Meter.CreateHistogram<double>("unmentoring.round.pairing.duration", "s", "How long the pairing engine took within a round.");

    public static readonly Histogram<double> SendDuration = Meter.CreateHistogram<double>("unmentoring.email.send.duration", "s", "How long handing one email to the relay or pickup folder took, by outcome.");

    public static readonly Counter<long> SignUps = Meter.CreateCounter<long>("unmentoring.signups", "{sign-up}", "Sign-up forms accepted.");

    public static readonly Counter<long> Confirmations = Meter.CreateCounter<long>("unmentoring.confirmations", "{confirmation}", "Email addresses confirmed.");

    private static long _feedbackAnswers;

    private static Func<IEnumerable<Measurement<long>>> _participants = () => [];
    private static Func<IEnumerable<Measurement<long>>> _outbox = () => [];

    static UnmentoringTelemetry()
    {
        Meter.CreateObservableGauge("unmentoring.participants", () => _participants(), "{participant}", "Participants by status, as of the last refresh.");
        Meter.CreateObservableGauge("unmentoring.outbox.messages", () => _outbox(), "{message}", "Outbox messages by state, as of the last refresh.");

        // Observed rather than added to, so it is reported (at 0) from the first scrape, before anyone answers.
        Meter.CreateObservableCounter("unmentoring.feedback.answers", () => Volatile.Read(ref _feedbackAnswers), "{answer}", "Answers to \"did you meet?\" confirmed on this instance.");
    }

    /// <summary>Counts one answer to "did you meet?" confirmed on the answer page.</summary>
    public static void FeedbackAnswered() => Interlocked.Increment(ref _feedbackAnswers);

    /// <summary>
    /// Where the gauges read from: the latest counts <see cref="OperationalGauges"/> fetched. One process
    /// runs one host, so the meter (static, like the runtime's) reads from the one that started last.
    /// </summary>
    public static void ObserveCounts(Func<IEnumerable<Measurement<long>>> participants, Func<IEnumerable<Measurement<long>>> outbox)
    {
        _participants = participants;
        _outbox = outbox;
    }

    /// <summary>A span for a step that has just ended, as a child of the current round's activity.</summary>
    public static void Step(string name, DateTimeOffset startedAt)
    {
        if (Activity.Current is null)
        {
            return;
        }

        using var step = Source.StartActivity("round." + name, ActivityKind.Internal, Activity.Current.Context, startTime: startedAt);
        step?.SetEndTime(DateTime.UtcNow);
    }
}
