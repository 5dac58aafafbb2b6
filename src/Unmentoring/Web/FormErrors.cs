namespace Unmentoring.Web;

/// <summary>
/// A form's errors in the order of its fields: the error summary lists them with links to the fields
/// (GOV.UK pattern), and each field shows its own message. The first message for a field wins.
/// </summary>
internal sealed class FormErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<FieldError> All => _errors;

    public void Add(string fieldId, string message)
    {
        if (For(fieldId) is null)
        {
            _errors.Add(new FieldError(fieldId, message));
        }
    }

    /// <summary>Puts the errors in the order the fields appear on the page, whatever order they were checked in.</summary>
    public void Order(string[] fieldIds)
    {
        var sorted = _errors.OrderBy(e => Array.IndexOf(fieldIds, e.FieldId) is var i && i < 0 ? int.MaxValue : i).ToList();
        _errors.Clear();
        _errors.AddRange(sorted);
    }

    public string? For(string fieldId) => _errors.FirstOrDefault(e => e.FieldId == fieldId)?.Message;

    /// <summary>The classes a form group gets, with the error modifier when the field has an error.</summary>
    public string Group(string fieldId) => For(fieldId) is null ? "govuk-form-group" : "govuk-form-group govuk-form-group--error";
}

internal sealed record FieldError(string FieldId, string Message);
