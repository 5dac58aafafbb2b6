using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Unmentoring.Benchmarks;

/// <summary>
/// A TCP proxy on loopback that holds every chunk of bytes for <see cref="OneWay"/> in each direction, as a
/// relay tens of milliseconds away would. The delay is a pipeline, not a pause between reads: bytes read
/// at time t leave at t + OneWay, in order, however many follow, so latency is added and bandwidth is not capped.
/// </summary>
internal sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LatencyProxy(IPEndPoint target, TimeSpan oneWay)
    {
        _target = target;
        OneWay = oneWay;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public TimeSpan OneWay { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient { NoDelay = true })
        {
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                await Task.WhenAll(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side closed; the other follows when this disposes.
            }
        }
    }

    /// <summary>Reads as fast as bytes arrive, stamps each chunk, and writes it once its time has come.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in chunks.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = TimeSpan.FromTicks(due - DateTime.UtcNow.Ticks);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                await to.WriteAsync(bytes, _stop.Token);
            }

            to.Socket.Shutdown(SocketShutdown.Send);
        });

        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await chunks.Writer.WriteAsync((DateTime.UtcNow.Ticks + OneWay.Ticks, buffer[..read]), _stop.Token);
            }
        }
        finally
        {
            chunks.Writer.TryComplete();
        }

        await writing;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
