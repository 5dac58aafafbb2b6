namespace Unmentoring.Web.Pages.Organise;

/// <summary>A GOV.UK select of a round's participants (value: participant id), rendered by the _PersonSelect partial.</summary>
internal sealed record PersonSelect(FormErrors Errors, string Id, string Label, IReadOnlyList<long> People, Func<long, string> Name, string? Chosen);
