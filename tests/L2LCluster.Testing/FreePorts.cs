using System.Net;
using System.Net.Sockets;

namespace L2LCluster.Testing;

/// <summary>Runs of consecutive loopback ports that are free now, so that clusters of parallel test runs do not collide.</summary>
public static class FreePorts
{
    private const int Attempts = 100;

    /// <summary>The first port of each run, one run per length; the runs do not overlap.</summary>
    public static int[] Take(params int[] lengths)
    {
        // Every port stays bound until all runs are found, so that no two runs can share one.
        var held = new List<TcpListener>();
        try
        {
            return [.. lengths.Select(length => Hold(length, held))];
        }
        finally
        {
            held.ForEach(listener => listener.Stop());
        }
    }

    private static int Hold(int length, List<TcpListener> held)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // The system's choice of a free port starts the run: parallel runs start at different places.
            var run = new List<TcpListener> { Listen(0)! };
            var first = ((IPEndPoint)run[0].LocalEndpoint).Port;
            while (run.Count < length && Listen(first + run.Count) is { } next)
            {
                run.Add(next);
            }

            if (run.Count == length)
            {
                held.AddRange(run);
                return first;
            }

            run.ForEach(listener => listener.Stop());
        }

        throw new InvalidOperationException($"found no {length} consecutive free loopback ports in {Attempts} attempts.");
    }

    private static TcpListener? Listen(int port)
    {
        if (port > IPEndPoint.MaxPort)
        {
            return null;
        }

        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException) when (port != 0)
        {
            listener.Dispose();
            return null;
        }
    }
}
