namespace Unmentoring.Participants;

/// <summary>
/// The exact words people agree to when they sign up. A participant's row records the version they saw and
/// when; a version's text never changes once published, so add a new version instead of editing one.
/// </summary>
internal static class ConsentText
{
    public const string Basis = "consent";

    public const string CurrentVersion = "2026-11-v1";

    public static IReadOnlyDictionary<string, string> Versions { get; } = new Dictionary<string, string>
    {
        [CurrentVersion] =
            "I agree that my name, organisation, role, email address, introduction and any phone number or video-call " +
            "handle I give may be shared with the people I am matched with, so that we can arrange to meet.",
    };

    public static string Current => Versions[CurrentVersion];

    public static string Conduct =>
        "I will treat the people I meet with respect, keep what they tell me in confidence, and never use a " +
        "conversation to sell anything.";
}
