namespace Unmentoring.Reports;

internal static class SchemeReportServices
{
    /// <summary>The scheme's figures for <c>report</c> and <c>/organise/reports</c>.</summary>
    public static IServiceCollection AddSchemeReports(this IServiceCollection services) =>
        services.AddSingleton<SchemeReportReader>();
}
