using System.Net;
using System.Net.Sockets;

namespace L2LCluster.Testing;

/// <summary>
/// A TCP proxy on a loopback port to one target, keeping every byte that crosses it in either direction: what
/// an eavesdropper on the wire between a client and a gateway would see.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _captured = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;

    private LoopbackProxy(int port, IPEndPoint target)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A proxy on loopback port <paramref name="port"/> to loopback port <paramref name="targetPort"/>.</summary>
    public static LoopbackProxy Start(int port, int targetPort) => new(port, new IPEndPoint(IPAddress.Loopback, targetPort));

    /// <summary>Every byte seen so far, both directions interleaved in the order they came.</summary>
    public byte[] Captured()
    {
        lock (_captured)
        {
            return _captured.ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _captured.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            await server.ConnectAsync(_target, _stop.Token);
            lock (_pumps)
            {
                _pumps.Add(ConnectAsync(client, server));
            }
        }
    }

    private async Task ConnectAsync(TcpClient client, TcpClient server)
    {
        using (client)
        using (server)
        {
            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (_captured)
                {
                    _captured.Write(buffer, 0, read);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side closed, or the proxy is stopping: the connection is over.
        }
    }
}
