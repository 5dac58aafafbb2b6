using Unmentoring.Participants;
using Unmentoring.Rounds;

namespace Unmentoring.Tests.Rounds;

/// <summary>Each code table is written twice (to the database and back); every value must come back as itself.</summary>
public sealed class StoredCodeTests
{
    [Fact]
    public void RoundOutcome_EveryValueStoredAndReadBack_IsTheSame() =>
        Assert.All(Enum.GetValues<RoundOutcome>(), outcome => Assert.Equal(outcome, RoundOutcomes.Parse(outcome.ToCode())));

    [Fact]
    public void ParticipantStatus_EveryValueStoredAndReadBack_IsTheSame() =>
        Assert.All(Enum.GetValues<ParticipantStatus>(), status => Assert.Equal(status, ParticipantCodes.ParseStatus(status.ToCode())));
}
