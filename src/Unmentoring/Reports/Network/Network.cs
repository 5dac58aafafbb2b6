using Unmentoring.Rounds;

namespace Unmentoring.Reports.Network;

/// <summary>Someone who was in a group: how the page names them and the organisation their node is coloured by.</summary>
internal sealed record NetworkPerson(long Id, string Name, string Organisation);

/// <summary>Two people who were in one group of a round (<paramref name="A"/> &lt; <paramref name="B"/>), and what the group said.</summary>
internal sealed record NetworkPair(Period Period, int GroupNumber, long A, long B, MeetingResult Result);

/// <summary>
/// Who met whom in one round or in all of them: everyone who was in a group, ordered by id, and every pair
/// of every group (a group of three is three pairs), ordered by round, group and the two ids. In all rounds
/// two people grouped in two rounds are two pairs, one for each round.
/// </summary>
internal sealed record MeetingNetwork(IReadOnlyList<NetworkPerson> People, IReadOnlyList<NetworkPair> Pairs)
{
    public int Count(MeetingResult result) => Pairs.Count(p => p.Result == result);
}
