using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unmentoring.BrowserTests;

/// <summary>
/// The real service as an operator runs it: <c>unmentoring serve</c> in its own process on 127.0.0.1 and a
/// free port, SQLite and the .eml pickup folder in a temp folder, the dispatcher polling every second.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    /// <summary>The settings the service was started with, so that a command run beside it sees the same data.</summary>
    private readonly Dictionary<string, string> _environment;

    private ServiceUnderTest(Process process, string baseUrl, string dataDirectory, Dictionary<string, string> environment)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        _environment = environment;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the service; <paramref name="settings"/> (environment variables such as <c>Unmentoring__Web__MinimumFillTime</c>) override the tests' defaults.</summary>
    public static async Task<ServiceUnderTest> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var data = Directory.CreateTempSubdirectory("unmentoring-browser-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Unmentoring__DataDirectory"] = data,
            ["Unmentoring__PublicBaseUrl"] = baseUrl,
            ["Unmentoring__Web__MinimumFillTime"] = "00:00:01",
            ["Unmentoring__Dispatcher__PollInterval"] = "00:00:01",
            ["Unmentoring__Roles__Scheduler"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var start = Command(data, environment, "serve", "--urls", baseUrl);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        var service = new ServiceUnderTest(process, baseUrl, data, environment);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service stopped with exit code {process.ExitCode}: {service.Log}");
            }

            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        await service.DisposeAsync();
        throw new TimeoutException("The service did not answer /health within 60 seconds: " + service.Log);
    }

    /// <summary>Runs an <c>unmentoring</c> command on the service's data, as an operator would beside it; its output, or an exception when it fails.</summary>
    public async Task<string> RunCommandAsync(params string[] arguments)
    {
        using var process = Process.Start(Command(DataDirectory, _environment, arguments)) ?? throw new InvalidOperationException("Could not start the command.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"unmentoring {string.Join(' ', arguments)} ended with exit code {process.ExitCode}: {await output}{await error}");
        }

        return await output;
    }

    /// <summary>Waits for the dispatcher to drop an email to <paramref name="to"/> into the pickup folder (other than <paramref name="notThis"/>, one already read).</summary>
    public async Task<MimeKit.MimeMessage> WaitForEmailAsync(string to, string subjectContains, TimeSpan? timeout = null, MimeKit.MimeMessage? notThis = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(MailDirectory))
            {
                foreach (var file in Directory.GetFiles(MailDirectory, "*.eml").OrderByDescending(File.GetLastWriteTimeUtc))
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => m.Address == to) && (message.Subject ?? "").Contains(subjectContains, StringComparison.OrdinalIgnoreCase)
                        && message.MessageId != notThis?.MessageId)
                    {
                        return message;
                    }
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No email to {to} about '{subjectContains}' in {MailDirectory}. Log: {Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary><c>dotnet unmentoring.dll ARGUMENTS</c> with only the given settings (none inherited from the test's own environment).</summary>
    private static ProcessStartInfo Command(string workingDirectory, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "unmentoring.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Unmentoring__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
