using Unmentoring.Participants;

namespace Unmentoring.Web;

/// <summary>The introduction textarea with its character count.</summary>
internal sealed record IntroField(FormErrors Errors, string? Value);

/// <summary>The "how often" radios; <see cref="Value"/> is a cadence code such as monthly.</summary>
internal sealed record CadenceField(FormErrors Errors, string? Value)
{
    public static IReadOnlyList<(string Code, string Label)> Choices { get; } =
    [
        (Cadence.Monthly.ToCode(), "Every month"),
        (Cadence.TwoMonthly.ToCode(), "Every 2 months"),
        (Cadence.Quarterly.ToCode(), "Every 3 months"),
    ];
}
