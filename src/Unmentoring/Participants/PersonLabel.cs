namespace Unmentoring.Participants;

/// <summary>
/// How organisers' pages, reports and command output name a person: their address, or "erased:" and their
/// public id once they have been erased (the row stays, without the address, so the rounds still add up).
/// </summary>
internal static class PersonLabel
{
    public static string Of(string? email, string publicId) => email ?? "erased:" + publicId;
}

/// <summary>A participant's id with what <see cref="PersonLabel"/> needs, as the stores read it.</summary>
internal sealed class PersonLabelRow
{
    public long Id { get; init; }

    public string? Email { get; init; }

    public string PublicId { get; init; } = "";

    public string Label => PersonLabel.Of(Email, PublicId);
}
