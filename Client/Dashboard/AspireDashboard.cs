using System.Diagnostics;
using System.Reflection;
using L2LCluster.Runs;

namespace L2LCluster.Client.Dashboard;

/// <summary>
/// The standalone Aspire dashboard (NuGet Aspire.Dashboard.Sdk.linux-x64, a native executable): it takes OTLP from the
/// console and the silos and shows their traces, metrics and logs in a browser, with no container and no collector.
/// Bound to loopback with anonymous access: it is for watching a local cluster.
/// </summary>
internal sealed class AspireDashboard : IDisposable
{
    /// <summary>Where the build found the executable (the package's tools folder in the NuGet cache).</summary>
    public static string? BuiltWith => typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == "AspireDashboard")?.Value;

    private readonly Process _process;

    private AspireDashboard(Process process, int port, int otlpPort, int otlpHttpPort)
    {
        _process = process;
        Url = $"http://127.0.0.1:{port}";
        OtlpEndpoint = $"http://127.0.0.1:{otlpPort}";
        OtlpHttpEndpoint = $"http://127.0.0.1:{otlpHttpPort}";
    }

    public string Url { get; }

    /// <summary>OTLP/gRPC, for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string OtlpEndpoint { get; }

    public string OtlpHttpEndpoint { get; }

    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Starts the dashboard and waits until it serves its page; its own log goes to <paramref name="log"/>.</summary>
    public static async Task<AspireDashboard> StartAsync(string executable, int port, int otlpPort, int otlpHttpPort, TextWriter log, CancellationToken cancellation)
    {
        InvalidSettingException.ThrowUnless(File.Exists(executable), DashboardFlags.PathName,
            $"the Aspire dashboard is not at '{executable}'; restore the console's build (it downloads Aspire.Dashboard.Sdk.linux-x64) or give the path of tools/Aspire.Dashboard.");
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpPort}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpHttpPort}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        // The dashboard's own telemetry would go to whatever endpoint this console was told to use: itself.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var process = Process.Start(start)!;
        // Its own line once every listener is bound: a page answering on the port may be another dashboard's.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("OTLP/HTTP listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }

            Write(log, line.Data);
        };
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new AspireDashboard(process, port, otlpPort, otlpHttpPort);
        try
        {
            await dashboard.WaitUntilServingAsync(listening.Task, cancellation);
        }
        catch
        {
            dashboard.Dispose();
            throw;
        }

        return dashboard;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(Task listening, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            cancellation.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Aspire dashboard exited with code {_process.ExitCode} before serving {Url} (is a port taken?).");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url + "/api/telemetry/resources"), cancellation);
                if (response.IsSuccessStatusCode && listening.IsCompleted)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Not answering yet.
            }

            await Task.Delay(250, cancellation);
        }

        throw new TimeoutException($"The Aspire dashboard did not serve {Url} within 60 s.");
    }

    private static void Write(TextWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
