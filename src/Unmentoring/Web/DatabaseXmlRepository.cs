using System.Xml.Linq;
using Dapper;
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
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
