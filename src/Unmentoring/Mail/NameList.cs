namespace Unmentoring.Mail;

/// <summary>People's names as a list in a sentence, for an introduction and its .ics.</summary>
internal static class NameList
{
    /// <summary>"", "A", "A and B", "A, B and C".</summary>
    public static string Of(IReadOnlyList<PersonDetails> people) => people.Count switch
    {
        0 => "",
        1 => people[0].Name,
        _ => string.Join(", ", people.Take(people.Count - 1).Select(p => p.Name)) + " and " + people[^1].Name,
    };
}
