using Microsoft.Extensions.Options;

namespace Unmentoring.Hosting;

/// <summary>
/// One options class per configuration section, each checked by its own validator whose messages name the
/// full setting (e.g. <c>Unmentoring:Smtp:Port</c>) and what is allowed. <see cref="CheckAll"/> runs every
/// check before anything starts, so a bad value stops the process with one line instead of failing at
/// 9am on the first Monday.
/// </summary>
internal static class ValidatedOptions
{
    public static IServiceCollection AddValidatedOptions<TOptions>(
        this IServiceCollection services,
        string section,
        Func<TOptions, string, IEnumerable<string>> check)
        where TOptions : class
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new Validator<TOptions>(section, check));
        services.AddSingleton(new OptionsCheck(sp => _ = sp.GetRequiredService<IOptions<TOptions>>().Value));
        return services;
    }

    /// <summary>Resolves every registered options class; the first problem becomes a <see cref="ConfigurationException"/>.</summary>
    public static void CheckAll(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var check in services.GetServices<OptionsCheck>())
        {
            try
            {
                check.Run(services);
            }
            catch (OptionsValidationException ex)
            {
                problems.AddRange(ex.Failures);
            }
            catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
            {
                problems.Add(DescribeBindingFailure(ex.Message));
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationException(string.Join(" ", problems.Distinct()));
        }
    }

    /// <summary>
    /// The binder says "Failed to convert configuration value '70000x' at 'Unmentoring:Smtp:Port' to type
    /// 'System.Int32'": keep the setting, say what kind of value it takes, and leave the value out (it may be a secret).
    /// </summary>
    internal static string DescribeBindingFailure(string message)
    {
        var at = message.IndexOf(" at '", StringComparison.Ordinal);
        var to = message.IndexOf("' to type '", StringComparison.Ordinal);
        if (at < 0 || to < at)
        {
            return message;
        }

        var key = message[(at + 5)..to];
        var type = message[(to + 11)..].TrimEnd('.', '\'');
        var expected = type switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration such as 00:30:00",
            _ when Type.GetType(type) is { IsEnum: true } enumType => "one of " + string.Join(", ", Enum.GetNames(enumType)),
            _ => "a value of type " + type,
        };
        return $"{key} must be {expected}.";
    }

    internal sealed record OptionsCheck(Action<IServiceProvider> Run);

    private sealed class Validator<TOptions>(string section, Func<TOptions, string, IEnumerable<string>> check)
        : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var failures = check(options, section).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
