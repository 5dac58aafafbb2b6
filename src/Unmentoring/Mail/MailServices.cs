using Microsoft.Extensions.Options;
using Unmentoring.Hosting;

namespace Unmentoring.Mail;

internal static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MailOptions>(MailOptions.Section, MailOptions.Check);
        services.AddValidatedOptions<SmtpOptions>(SmtpOptions.Section, SmtpOptions.Check);
        services.AddSingleton<OutboxStore>();
        services.AddSingleton(sp => EmailTemplates.Load(
            sp.GetRequiredService<IOptions<MailOptions>>().Value.TemplateDirectory ?? EmailTemplates.DefaultDirectory));
        services.AddSingleton<IEmailComposer, TemplateEmailComposer>();

        // Loading the templates checks them, so a typo in one stops the start with one line, like a bad setting.
        services.AddSingleton(new ValidatedOptions.OptionsCheck(sp => sp.GetRequiredService<EmailTemplates>()));
        services.AddValidatedOptions<DispatcherOptions>(DispatcherOptions.Section, DispatcherOptions.Check);
        services.AddSingleton<RelayThrottle>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            var smtp = sp.GetRequiredService<IOptions<SmtpOptions>>().Value;
            if (smtp.Enabled)
            {
                return new SmtpTransport(smtp, sp.GetRequiredService<ILogger<SmtpTransport>>());
            }

            var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            var data = sp.GetRequiredService<IOptions<UnmentoringOptions>>().Value.DataPath;
            return new PickupFolderTransport(Path.Combine(data, mail.PickupDirectory));
        });
        services.AddSingleton<OutboxQueue>();
        services.AddSingleton<OutboxStateCounts>();
        services.AddSingleton<OutboxReport>();
        services.AddSingleton<FailedEmailActions>();
        services.AddSingleton<TemplateSamples>();
        services.AddSingleton<TemplateTestEmails>();
        services.AddSingleton<DispatcherPresence>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OutboxDispatch>(sp, Paced(sp, sp.GetRequiredService<IMailTransport>())));

        // Web replicas of a large deployment leave sending to the worker instances.
        if (configuration.GetValue($"{UnmentoringOptions.Section}:Roles:Dispatcher", defaultValue: true))
        {
            services.AddHostedService<OutboxDispatcher>();
        }

        return services;
    }

    /// <summary>
    /// The dispatcher sends through the configured transport paced and timed; a pickup folder never says
    /// "too many", so only the limit applies to it.
    /// </summary>
    private static PacedMailTransport Paced(IServiceProvider sp, IMailTransport transport)
    {
        var dispatcher = sp.GetRequiredService<IOptions<DispatcherOptions>>().Value;
        return new PacedMailTransport(
            transport,
            SendPace.For(sp.GetRequiredService<Storage.Database>(), dispatcher.MaxPerMinute),
            sp.GetRequiredService<RelayThrottle>(),
            dispatcher.MaxHold,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PacedMailTransport>>());
    }
}
