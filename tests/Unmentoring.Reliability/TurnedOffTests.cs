using Unmentoring.Reliability.Support;

namespace Unmentoring.Reliability;

/// <summary>
/// UNMENTORING_RELIABILITY=off is a developer's shortcut: CI must run every trial whatever the environment
/// says, or a red suite could be turned green by one variable.
/// </summary>
public sealed class TurnedOffTests
{
    [Theory]
    [InlineData("off", false, true)]
    [InlineData("OFF", false, true)]
    [InlineData("off", true, false)]
    [InlineData("OFF", true, false)]
    [InlineData(null, false, false)]
    [InlineData("", false, false)]
    [InlineData("on", false, false)]
    [InlineData("no", false, false)]
    public void TheTrialsAreTurnedOffOnlyByOffAndNeverInCi(string? setting, bool inCi, bool turnedOff) =>
        Assert.Equal(turnedOff, ReliabilityScheme.TurnedOff(setting, inCi));
}
