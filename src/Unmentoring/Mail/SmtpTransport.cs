using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Unmentoring.Mail;

/// <summary>
/// Sends through an SMTP server with MailKit. Each session is one <see cref="SmtpClient"/> (which is not
/// thread-safe) and one connection, opened on the first message and reopened after a protocol or network
/// error. The password is only ever handed to MailKit: it is not in <see cref="Description"/> or any log.
/// </summary>
internal sealed class SmtpTransport(SmtpOptions options, ILogger<SmtpTransport> logger) : IMailTransport
{
    /// <summary>
    /// Only for the loopback test server's self-signed certificate. Not configurable: in production the
    /// system's trust store decides.
    /// </summary>
    internal System.Net.Security.RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    public string Description => $"SMTP {options.Host}:{options.Port} ({options.Security}{(string.IsNullOrEmpty(options.Username) ? "" : ", with a user name")})";

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMailSession>(new Session(options, logger, CertificateValidation));

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest one SMTP command may take, the message's DATA included, before the send is given up.</summary>
    internal static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private sealed class Session(SmtpOptions options, ILogger logger, System.Net.Security.RemoteCertificateValidationCallback? certificateValidation) : IMailSession
    {
        private readonly SmtpClient _client = new()
        {
            Timeout = (int)CommandTimeout.TotalMilliseconds,
            ServerCertificateValidationCallback = certificateValidation,
        };

        // Once the server cannot be reached, the rest of the batch fails the same way without waiting again.
        private DeliveryResult? _unreachable;

        public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (await ConnectAsync(cancellationToken) is { } failed)
            {
                return failed;
            }

            var progress = new DataProgress();
            try
            {
                var reply = await _client.SendAsync(message, cancellationToken, progress);
                return new DeliveryResult(DeliveryStatus.Sent, reply);
            }
            catch (SmtpCommandException ex)
            {
                // A refusal with a status code: MailKit has reset the transaction and the connection is usable.
                var code = (int)ex.StatusCode;
                var reply = $"{code} {ex.Message}";
                return code is >= 500 and < 600
                    ? new DeliveryResult(DeliveryStatus.Permanent, reply, RecipientRefused: ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
                    : new DeliveryResult(DeliveryStatus.Transient, reply);
            }
            catch (ServiceNotAuthenticatedException ex)
            {
                // The server answered (530) instead of taking the message: nothing was delivered.
                return new DeliveryResult(DeliveryStatus.Transient, $"the server requires authentication; set {SmtpOptions.Section}:Username and Password ({ex.Message})");
            }
            catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or TimeoutException or OperationCanceledException or ServiceNotConnectedException)
            {
                await DropConnectionAsync();

                // Once every byte of the message has gone, the server may have accepted it and only its
                // reply was lost (MailKit#1875): sending again could deliver it twice.
                var what = ex is OperationCanceledException ? "sending was stopped" : $"the connection failed ({ex.Message})";
                return progress.AllSent
                    ? new DeliveryResult(DeliveryStatus.Ambiguous, $"{what} after the whole message was sent; it may have been delivered")
                    : new DeliveryResult(DeliveryStatus.Transient, $"{what} before the message was accepted");
            }
        }

        private async Task<DeliveryResult?> ConnectAsync(CancellationToken cancellationToken)
        {
            if (_client.IsConnected)
            {
                return null;
            }

            if (_unreachable is not null)
            {
                return _unreachable;
            }

            try
            {
                // Our own socket so Nagle's algorithm can be turned off: otherwise the last partial packet
                // of each message waits for the server's delayed acknowledgement (about 40 ms), which
                // limits one connection to a dozen messages a second.
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    connectTimeout.CancelAfter(ConnectTimeout);
                    await socket.ConnectAsync(options.Host!, options.Port, connectTimeout.Token);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                await _client.ConnectAsync(socket, options.Host!, options.Port, options.Security switch
                {
                    SmtpSecurity.None => SecureSocketOptions.None,
                    SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                    _ => SecureSocketOptions.StartTls,
                }, cancellationToken);
                if (!string.IsNullOrEmpty(options.Username))
                {
                    await _client.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken);
                }

                return null;
            }
            catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or SmtpCommandException or AuthenticationException or SslHandshakeException or TimeoutException
                                           || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The message, never the credentials: MailKit's exceptions do not include the password.
                logger.LogWarning("Could not connect to the SMTP server {Host}:{Port}: {Problem}", options.Host, options.Port, ex.Message);
                await DropConnectionAsync();
                _unreachable = new DeliveryResult(DeliveryStatus.Transient, $"could not connect to {options.Host}:{options.Port}: {ex.Message}");
                return _unreachable;
            }
        }

        private async Task DropConnectionAsync()
        {
            try
            {
                await _client.DisconnectAsync(quit: false, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or ObjectDisposedException)
            {
                // Already gone.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                try
                {
                    using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _client.DisconnectAsync(quit: true, quick.Token);
                }
                catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
                {
                    // QUIT is a courtesy; every message already has its outcome.
                }
            }

            _client.Dispose();
        }
    }

    /// <summary>Watches the message data go out, to tell "lost before the data" from "lost after it".</summary>
    private sealed class DataProgress : ITransferProgress
    {
        public bool AllSent { get; private set; }

        public void Report(long bytesTransferred, long totalSize) => AllSent |= totalSize > 0 && bytesTransferred >= totalSize;

        public void Report(long bytesTransferred)
        {
        }
    }
}
