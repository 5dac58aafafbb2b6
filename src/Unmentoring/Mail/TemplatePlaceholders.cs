using System.Collections;
using System.Reflection;

namespace Unmentoring.Mail;

/// <summary>
/// What a template can name in a value of some .NET type, read from the type by reflection: a value to
/// print (text, a number, true or false), a list (whose items are again placeholders), or an object whose
/// public properties are placeholders under their camelCase names, as Fluid reads them
/// (<c>StringComparers.CamelCase</c>). Read afresh each time: templates are checked once, when they load.
/// </summary>
internal sealed class TemplatePlaceholders
{
    private readonly Type? _itemType;
    private readonly (string Name, Type Type)[] _members = [];

    private TemplatePlaceholders(Type type)
    {
        ClrType = type;
        if (type == typeof(string) || type.IsValueType)
        {
            return;
        }

        _itemType = ItemType(type);
        if (_itemType is null)
        {
            _members = [.. DeclaredFirst(type).Select(p => (CamelCase(p.Name), p.PropertyType))];
        }
    }

    public Type ClrType { get; }

    /// <summary>For a list, what each item offers; otherwise null.</summary>
    public TemplatePlaceholders? Item => _itemType is null ? null : Of(_itemType);

    public bool IsList => _itemType is not null;

    public bool IsObject => _members.Length > 0;

    /// <summary>An object's placeholder names in the order they are declared, base type's last.</summary>
    public IEnumerable<string> Names => _members.Select(m => m.Name);

    public static TemplatePlaceholders Of(Type type) => new(type);

    /// <summary>What an object's member offers in turn, or null when the object has no such member.</summary>
    public TemplatePlaceholders? Member(string name)
    {
        foreach (var (member, type) in _members)
        {
            if (member == name)
            {
                return Of(type);
            }
        }

        return null;
    }

    /// <summary>The properties a type declares itself, in source order, then those of its base types.</summary>
    public static IEnumerable<PropertyInfo> DeclaredFirst(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var property in current
                .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.MetadataToken))
            {
                yield return property;
            }
        }
    }

    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static Type? ItemType(Type type)
    {
        if (!typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? typeof(object);
    }
}
