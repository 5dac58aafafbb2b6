namespace Unmentoring.Mail;

/// <summary>
/// Template values by name, for specifications of the template engine itself (the composer fills typed
/// slots instead): text, a yes/no, or a list of nested models.
/// </summary>
internal sealed class TemplateModel : Dictionary<string, object?>, ITemplateScope
{
    public TemplateModel()
        : base(StringComparer.Ordinal)
    {
    }

    bool ITemplateScope.TryGet(int slot, string name, out object? value) => TryGetValue(name, out value);
}
