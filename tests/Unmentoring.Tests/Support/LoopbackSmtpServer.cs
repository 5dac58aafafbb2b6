using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Unmentoring.Tests.Support;

/// <summary>What the test server does with a message once it has all of its data.</summary>
public enum SmtpVerdict
{
    Accept,

    /// <summary>451: try again later.</summary>
    TryLater,

    /// <summary>421: too many messages, slow down (a relay's rate limit).</summary>
    TooMany,

    /// <summary>550: mailbox unavailable.</summary>
    Refuse,

    /// <summary>Keep the message (it counts as received) but close the connection before replying.</summary>
    DropAfterData,
}

/// <summary>One message as the server received it: the envelope, the raw bytes and the parsed message.</summary>
public sealed record ReceivedMessage(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, string Raw, MimeMessage Message, SmtpVerdict Verdict, bool OverTls);

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port, in this process. Tests decide per
/// message whether it accepts, defers, refuses or drops the connection, can add a delay per message, and
/// can stop and restart it on the same port to play an outage.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private CancellationTokenSource? _stop;
    private Task? _running;
    private int _sessions;
    private int _count;
    private volatile bool _stopping;

    private LoopbackSmtpServer(int port, bool startTls)
    {
        Port = port;
        Certificate = startTls ? SelfSigned() : null;
    }

    /// <summary>The server's self-signed certificate when it offers STARTTLS; clients must trust exactly this one.</summary>
    public X509Certificate2? Certificate { get; }

    public int Port { get; private set; }

    /// <summary>Decides what happens to each message; by default every message is accepted.</summary>
    public Func<MimeMessage, SmtpVerdict> Verdict { get; set; } = _ => SmtpVerdict.Accept;

    /// <summary>False to count messages without parsing or keeping them (the benchmarks measure the sender, not this).</summary>
    public bool KeepMessages { get; set; } = true;

    /// <summary>How many messages' data arrived.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Time the server takes over each message, to make overlapping senders overlap.</summary>
    public TimeSpan DelayPerMessage { get; set; }

    /// <summary>Every message whose data arrived, including those then deferred, refused or dropped.</summary>
    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    /// <summary>The messages the server accepted (or kept before dropping the connection): what reached an inbox.</summary>
    public IReadOnlyList<ReceivedMessage> Delivered => [.. _received.Where(m => m.Verdict is SmtpVerdict.Accept or SmtpVerdict.DropAfterData)];

    /// <summary>
    /// Forgets every message that arrived so far, for a test that reuses the server for its next round once
    /// the last one has settled (nothing may be in flight).
    /// </summary>
    public void Forget()
    {
        _received.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    /// <summary>How many SMTP connections clients have opened.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public static async Task<LoopbackSmtpServer> StartAsync(int port = 0, bool startTls = false)
    {
        var server = new LoopbackSmtpServer(port, startTls);
        await server.StartAsync();
        return server;
    }

    /// <summary>A port nothing listens on yet, for a server that starts "down".</summary>
    public static LoopbackSmtpServer NotStarted(int port) => new(port, startTls: false);

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so that SslStream on Linux can use the private key.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        if (_running is not null)
        {
            return;
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new NoDelayListenerFactory(port => listening.TrySetResult(port), _connections, () => _stopping);
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (Certificate is not null)
                {
                    b.Certificate(Certificate);
                }
            })
            .Build();
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _stop = new CancellationTokenSource();
        _running = Task.Run(() => server.StartAsync(_stop.Token));
        var started = await Task.WhenAny(listening.Task, _running, Task.Delay(TimeSpan.FromSeconds(10)));
        if (started != listening.Task)
        {
            throw new InvalidOperationException($"The test SMTP server did not start on port {Port}.", _running.Exception);
        }

        Port = await listening.Task;
    }

    /// <summary>Closes the listener and every open connection: the server is "down" until started again.</summary>
    public async Task StopAsync()
    {
        if (_running is null || _stop is null)
        {
            return;
        }

        // A relay that goes down cuts its connections: reset them first, so that SmtpServer cannot answer a
        // message in flight with the "554 Transaction failed" it sends when its store is cancelled, a
        // permanent refusal no relay going down would give.
        // A connection accepted meanwhile is reset by the listener, which looks at this flag after it has
        // recorded the connection; between the two, every connection is reset by one side or the other.
        _stopping = true;
        foreach (var connection in _connections.Keys)
        {
            Reset(connection);
        }

        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _stop = null;
        _running = null;
        _stopping = false;
    }

    /// <summary>Cuts a connection off with a reset, as a relay that goes down does; harmless if it is already closed.</summary>
    private static void Reset(TcpClient connection)
    {
        try
        {
            // A connection the client closed meanwhile has no socket left (null once disposed).
            if (connection.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (ObjectDisposedException)
        {
        }

        connection.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>
    /// Accepts connections with Nagle's algorithm off. SmtpServer flushes each pipelined reply on its own,
    /// so with Nagle on the second reply waits for the client's delayed acknowledgement (about 40 ms); a
    /// production MTA sends pipelined replies together and does not stall like that.
    /// </summary>
    private sealed class NoDelayListenerFactory(Action<int> started, ConcurrentDictionary<TcpClient, byte> connections, Func<bool> stopping) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new System.Net.Sockets.TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            started(((IPEndPoint)listener.LocalEndpoint).Port);
            return new Listener(listener, connections, stopping);
        }

        private sealed class Listener(System.Net.Sockets.TcpListener listener, ConcurrentDictionary<TcpClient, byte> connections, Func<bool> stopping) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                connections[client] = 0;
                var pipe = new Pipe(client, connections);
                if (stopping())
                {
                    // Accepted as the server goes down: cut off, so no reply (not even SmtpServer's 554 on
                    // cancellation) reaches the client; the session ends on its first read.
                    Reset(client);
                }

                return pipe;
            }

            public void Dispose() => listener.Stop();
        }

        private sealed class Pipe : ISecurableDuplexPipe
        {
            private readonly TcpClient _client;
            private readonly ConcurrentDictionary<TcpClient, byte> _connections;
            private Stream _stream;

            public Pipe(TcpClient client, ConcurrentDictionary<TcpClient, byte> connections)
            {
                _client = client;
                _connections = connections;
                _stream = client.GetStream();
                Input = PipeReader.Create(_stream);
                Output = PipeWriter.Create(_stream);
            }

            public PipeReader Input { get; private set; }

            public PipeWriter Output { get; private set; }

            public bool IsSecure => _stream is SslStream;

            public SslProtocols SslProtocol => _stream is SslStream ssl ? ssl.SslProtocol : SslProtocols.None;

            public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
            {
                var ssl = new SslStream(_stream, leaveInnerStreamOpen: true);
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocols },
                    cancellationToken);
                _stream = ssl;
                Input = PipeReader.Create(_stream);
                Output = PipeWriter.Create(_stream);
            }

            public void Dispose()
            {
                _connections.TryRemove(_client, out _);
                _stream.Dispose();
                _client.Dispose();
            }
        }
    }

    private sealed class Store(LoopbackSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._count);
            if (!owner.KeepMessages)
            {
                return SmtpResponse.Ok;
            }

            var bytes = buffer.ToArray();
            MimeMessage message;
            using (var stream = new MemoryStream(bytes))
            {
                message = await MimeMessage.LoadAsync(stream, cancellationToken);
            }

            if (owner.DelayPerMessage > TimeSpan.Zero)
            {
                await Task.Delay(owner.DelayPerMessage, cancellationToken);
            }

            var verdict = owner.Verdict(message);
            owner._received.Enqueue(new ReceivedMessage(
                transaction.From.AsAddress(),
                transaction.To.Select(t => t.AsAddress()).ToList(),
                System.Text.Encoding.UTF8.GetString(bytes),
                message,
                verdict,
                context.Pipe.IsSecure));
            switch (verdict)
            {
                case SmtpVerdict.TryLater:
                    return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later");
                case SmtpVerdict.TooMany:
                    return new SmtpResponse((SmtpReplyCode)421, "4.7.0 Too many messages, slow down");
                case SmtpVerdict.Refuse:
                    return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 Mailbox unavailable");
                case SmtpVerdict.DropAfterData:
                    // The data is in; the reply never leaves.
                    context.Pipe.Dispose();
                    throw new IOException("Connection dropped by the test after the message data.");
                default:
                    return SmtpResponse.Ok;
            }
        }
    }
}
