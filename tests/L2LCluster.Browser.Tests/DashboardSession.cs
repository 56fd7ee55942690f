using System.Text.Json;

namespace L2LCluster.Browser.Tests;

/// <summary><c>l2l dashboard</c> as a child process on free loopback ports, until disposed.</summary>
internal sealed class DashboardSession : IDisposable
{
    private readonly ChildProcess _process;

    private DashboardSession(ChildProcess process, int port, int otlpPort)
    {
        _process = process;
        Url = $"http://127.0.0.1:{port}";
        OtlpEndpoint = $"http://127.0.0.1:{otlpPort}";
    }

    public string Url { get; }

    public string OtlpEndpoint { get; }

    public static async Task<DashboardSession> StartAsync()
    {
        var ports = FreePorts.Take(1, 1, 1);
        var process = L2lConsole.Start("dashboard", "--port", $"{ports[0]}", "--otlp-port", $"{ports[1]}", "--otlp-http-port", $"{ports[2]}");
        var session = new DashboardSession(process, ports[0], ports[1]);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!process.OutputSoFar.Output.Contains("Ctrl-C stops it", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var seen = process.OutputSoFar;
                session.Dispose();
                throw new InvalidOperationException($"l2l dashboard did not start: {seen}");
            }

            await Task.Delay(200);
        }

        return session;
    }

    /// <summary>The spans the dashboard holds, from its OTLP-JSON API: (span id, parent id, name) per span.</summary>
    public async Task<IReadOnlyList<(string Id, string? Parent, string Name)>> SpansAsync()
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(Url + "/api/telemetry/traces")));
        return [.. document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(resource => resource.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(scope => scope.GetProperty("spans").EnumerateArray())
            .Select(span => (span.GetProperty("spanId").GetString()!, span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null, span.GetProperty("name").GetString()!))];
    }

    public void Dispose()
    {
        _process.Interrupt();
        try
        {
            _process.WaitAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
