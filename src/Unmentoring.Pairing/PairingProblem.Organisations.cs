namespace Unmentoring.Pairing;

// Organisation numbers and sit-out rounds, read in request order and then placed in vertex order.
internal sealed partial class PairingProblem
{
    /// <summary>
    /// Numbers organisations (case-insensitively, trimmed, from the email domain when blank) and reads the
    /// sit-out rounds, in request order: a pure function of the participants, so it can run beside
    /// <see cref="Order"/> on the other core. Numbers only ever meet in equality tests.
    /// </summary>
    private static (int[] Organisation, int[] SitOutKey) ReadOrganisations(IReadOnlyList<PairingParticipant> participants)
    {
        var n = participants.Count;
        var organisation = new int[n];
        var sitOutKey = new int[n];
        var anyNamed = false;
        for (var i = 0; i < n && !anyNamed; i++)
        {
            anyNamed = !OrganisationName(participants[i]).IsEmpty;
        }

        if (!anyNamed)
        {
            // No organisation anywhere (a scheme without the rule's data): no dictionary to build or compile.
            for (var i = 0; i < n; i++)
            {
                sitOutKey[i] = participants[i].LastSatOutRound ?? int.MinValue;
                organisation[i] = -1;
            }

            return (organisation, sitOutKey);
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < n; i++)
        {
            var person = participants[i];
            sitOutKey[i] = person.LastSatOutRound ?? int.MinValue;
            var name = OrganisationName(person);
            if (name.IsEmpty)
            {
                organisation[i] = -1;
                continue;
            }

            if (!lookup.TryGetValue(name, out var number))
            {
                number = names.Count;
                lookup[name] = number;
            }

            organisation[i] = number;
        }

        return (organisation, sitOutKey);
    }

    private void PlaceOrganisations((int[] Organisation, int[] SitOutKey) byParticipant)
    {
        var participantOf = ParticipantOf;
        for (var v = 0; v < Count; v++)
        {
            var i = participantOf[v];
            Organisation[v] = byParticipant.Organisation[i];
            SitOutKey[v] = byParticipant.SitOutKey[i];
        }
    }

    internal static ReadOnlySpan<char> OrganisationName(PairingParticipant person)
    {
        var organisation = person.Organisation.AsSpan().Trim();
        if (!organisation.IsEmpty)
        {
            return organisation;
        }

        var email = person.Email.AsSpan().Trim();
        var at = email.LastIndexOf('@');
        return at < 0 ? [] : email[(at + 1)..].Trim();
    }
}
