using Microsoft.Extensions.Options;
using Unmentoring.Participants;

namespace Unmentoring.Retention;

/// <summary>Unsubscribing, from either page: with <c>UnsubscribedDays</c> at 0 the personal data goes as the person leaves.</summary>
internal sealed class Leaving(ParticipantStore participants, IOptions<RetentionOptions> options)
{
    public async Task LeaveAsync(long participantId, CancellationToken cancellationToken)
    {
        await participants.ChangeStatusAsync(participantId, ParticipantStatus.Unsubscribed, cancellationToken: cancellationToken);
        if (options.Value.UnsubscribedDays == 0)
        {
            await participants.EraseAsync(participantId, cancellationToken);
        }
    }
}
