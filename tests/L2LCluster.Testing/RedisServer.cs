using System.Net.Sockets;

namespace L2LCluster.Testing;

/// <summary>
/// A redis-server of the test's own on a free loopback port, keeping nothing on disk; disposing it stops it. Tests
/// that need what outlives a silo (Redis reminders, membership, a run store) use it: the real server, not a fake.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private const string Program = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: install the Debian package redis-server (test.sh does).");
        }

        var port = FreePorts.Take(1)[0];
        var process = new ChildProcess(Program, ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath()]);
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!server.Answers())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = process.OutputSoFar;
                server.Dispose();
                throw new InvalidOperationException($"redis-server did not start on port {port}: {output}");
            }

            await Task.Delay(50);
        }

        return server;
    }

    public void Dispose() => _process.Dispose();

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
