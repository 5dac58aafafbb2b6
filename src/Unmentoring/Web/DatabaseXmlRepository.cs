using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Unmentoring.Storage;

namespace Unmentoring.Web;

/// <summary>
/// Keeps the Data Protection key ring in PostgreSQL's <c>data_protection_keys</c> table, so every instance behind a
/// load balancer signs and reads antiforgery tokens and participant links with the same keys, and a restart
/// does not invalidate every link already emailed. The framework caches the ring and calls this rarely, so
/// the blocking calls here are not on any request's path.
/// </summary>
internal sealed class DatabaseXmlRepository(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var command = connection.Command("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var command = connection.Command(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            null,
            ("name", friendlyName),
            ("xml", element.ToString(SaveOptions.DisableFormatting)));
        command.ExecuteNonQuery();
    }
}
