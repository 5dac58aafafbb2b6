using Microsoft.Extensions.Options;
using Unmentoring.Hosting;

namespace Unmentoring.Mail;

internal static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddValidatedOptions<MailOptions>(MailOptions.Section, MailOptions.Check);
        services.AddValidatedOptions<SmtpOptions>(SmtpOptions.Section, SmtpOptions.Check);
        services.AddSingleton<OutboxStore>();
        services.AddSingleton(sp => EmailTemplates.Load(
            sp.GetRequiredService<IOptions<MailOptions>>().Value.TemplateDirectory ?? EmailTemplates.DefaultDirectory,
            TemplateEmailComposer.Fields));
        services.AddSingleton<IEmailComposer, TemplateEmailComposer>();

        // Loading the templates checks them, so a typo in one stops the start with one line, like a bad setting.
        services.AddSingleton(new ValidatedOptions.OptionsCheck(sp => sp.GetRequiredService<EmailTemplates>()));
        services.AddSingleton<IMailTransport>(sp =>
        {
            var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            var data = sp.GetRequiredService<IOptions<UnmentoringOptions>>().Value.DataPath;
            return new PickupFolderTransport(Path.Combine(data, mail.PickupDirectory));
        });
        return services;
    }
}
