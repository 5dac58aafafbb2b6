using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Reports.Network;
using Unmentoring.Storage;

namespace Unmentoring.Web;

/// <summary>The pages and endpoints that <c>serve</c> offers when Unmentoring:Roles:Web is on.</summary>
internal static class WebServices
{
    public const string FormPostsPolicy = "form-posts";
    public const string AntiforgeryCookieName = "unmentoring-antiforgery";

    /// <summary>No inline script or style anywhere, so a value someone typed can never run in a page.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        services.AddValidatedOptions<WebOptions>(WebOptions.Section, WebOptions.Check);

        services.AddRazorPages(o => o.RootDirectory = "/Web/Pages")
            .ConfigureApplicationPartManager(parts =>
            {
                // The pages are compiled into this assembly; a host started by another entry point (the
                // tests, a benchmark) would otherwise find none.
                var assembly = typeof(WebServices).Assembly;
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
        });

        // Several instances share one key ring, kept in PostgreSQL with the rest of the data. SQLite serves
        // one instance only, and a key written from a second connection would wait for the write lock of
        // whatever transaction asked for it (a round composing its emails): there the ring is a folder
        // beside the database file instead.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var database = sp.GetRequiredService<Database>();
            o.XmlRepository = database.Provider == DatabaseProvider.Postgres
                ? new DatabaseXmlRepository(database)
                : new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(sp.GetRequiredService<IOptions<UnmentoringOptions>>().Value.DataPath, "keys")),
                    sp.GetRequiredService<ILoggerFactory>());
        }));

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<WebOptions>>((kestrel, web) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = web.Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<WebOptions>>((form, web) =>
        {
            form.ValueLengthLimit = web.Value.MaxRequestBodyBytes;
            form.ValueCountLimit = 64;
            form.KeyLengthLimit = 200;
            form.MultipartBodyLengthLimit = web.Value.MaxRequestBodyBytes;
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((forwarded, web) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in web.Value.ProxyAddresses)
            {
                forwarded.KnownProxies.Add(proxy);
            }
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WebOptions>>((limiter, web) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)web.Value.RateLimitWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(FormPostsPolicy, http =>
            {
                // Reading a form costs nothing worth limiting; sending one may send an email.
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var client = http.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetFixedWindowLimiter(
                    client.ToString(),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = web.Value.FormPostsPerWindow,
                        Window = web.Value.RateLimitWindow,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
        });

        services.AddOrganiserAccess();
        services.AddSingleton<NetworkStore>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<SignUpService>();
        services.AddSingleton<MyDataExport>();
        services.AddSingleton<MatchProblemReports>();
        services.AddSingleton<NextRound>();
        return services;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        var web = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        if (web.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            await next(context);
        });
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use(async (context, next) =>
        {
            // The organisers' CSV import is the one upload, and a list of people is far bigger than a form.
            var allowed = context.Request.Path.Equals(Pages.Organise.ParticipantsImportModel.Path, StringComparison.OrdinalIgnoreCase)
                ? Math.Max(Pages.Organise.ParticipantsImportModel.MaxFileBytes + 64 * 1024, web.MaxRequestBodyBytes)
                : web.MaxRequestBodyBytes;

            // Hosts other than Kestrel (the test server) have no body limit of their own; refuse an oversized
            // body before anything reads it. The error page shown for it must not be refused in turn.
            if (context.Request.ContentLength > allowed && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = allowed;
            }

            await next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapRazorPages();

        // The organisers' colours, as GOV.UK Frontend's custom properties, so no page needs an inline style.
        var theme = $":root {{ --govuk-brand-colour: {web.BrandColour}; --govuk-link-colour: {web.LinkColour}; }}\n" +
            $".app-header {{ background-color: {web.BrandColour}; border-bottom-color: {web.BrandColour}; }}\n";
        app.MapGet("/theme.css", () => Results.Text(theme, "text/css"));

        app.MapHealth();
        return app;
    }
}
