using Unmentoring.Hosting;
using Unmentoring.Storage;

namespace Unmentoring.Cli;

/// <summary>
/// The services a command works with, from a host that is built and checked but not started (no web
/// server, scheduler or dispatcher runs): configuration checked, database ready.
/// </summary>
internal sealed class CommandHost : IDisposable
{
    private readonly IHost _host;

    private CommandHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<CommandHost> OpenAsync(CliContext context, CancellationToken cancellationToken)
    {
        var host = UnmentoringHost.Build(context);
        try
        {
            host.Checked();
            await StorageServices.PrepareDatabaseAsync(host.Services, cancellationToken);
            return new CommandHost(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public void Dispose() => _host.Dispose();
}
