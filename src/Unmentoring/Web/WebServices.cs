using Unmentoring.Storage;

namespace Unmentoring.Web;

/// <summary>The pages and endpoints that <c>serve</c> offers when Unmentoring:Roles:Web is on.</summary>
internal static class WebServices
{
    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        return services;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        // For load balancers and operators: answers "ok" when the database answers.
        app.MapGet("/health", async (Database db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenAsync(ct);
            await connection.ScalarAsync<long>("SELECT 1", null, ct);
            return Results.Text("ok");
        });
        return app;
    }
}
