using Unmentoring.Mail;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>What each kind of email is called on the organisers' pages; a kind not named here shows its code.</summary>
internal static class EmailKindNames
{
    public static string Of(string code) => code switch
    {
        "introduction" => "Introduction",
        "satOut" => "Sitting out this round",
        "unmatched" => "Not matched this round",
        "confirmSignUp" => "Confirm your sign-up",
        "manageLink" => "Manage link",
        "followUp" => "Did you meet?",
        "organiserSignIn" => "Organiser sign-in",
        "pausedForSilence" => "Paused after unanswered rounds",
        "matchProblemReported" => "A participant reported a problem with a match",
        _ => code,
    };

    public static string Of(EmailKind kind) => Of(kind.ToCode());
}
