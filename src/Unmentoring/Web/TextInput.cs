namespace Unmentoring.Web;

/// <summary>One GOV.UK text input with its label, hint and error, rendered by the _TextInput partial.</summary>
internal sealed record TextInput(FormErrors Errors, string Id, string Label, string? Value, int MaxLength)
{
    public string? Hint { get; init; }

    public string Type { get; init; } = "text";

    public string Autocomplete { get; init; } = "off";

    public bool Spellcheck { get; init; }

    public string WidthClass { get; init; } = "";
}
