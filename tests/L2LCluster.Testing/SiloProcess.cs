using System.Net;
using System.Reflection;

namespace L2LCluster.Testing;

/// <summary>
/// A real l2l-silo (the build the project reference made, in the tests' configuration) as a child process with
/// localhost clustering on free ports, and an HTTP client for its health endpoints.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    /// <param name="runs">The silo's run store.</param>
    /// <param name="environment">Variables added to the silo's environment.</param>
    /// <param name="arguments">Flags after the test's own, which they may override.</param>
    public SiloProcess(string runs, IReadOnlyDictionary<string, string>? environment = null, IEnumerable<string>? arguments = null)
    {
        var ports = FreePorts.Take(1, 1, 1);
        GatewayPort = ports[1];
        _process = new ChildProcess("dotnet",
        [
            Program("Silos", "l2l-silo"), "--silo-port", $"{ports[0]}", "--gateway-port", $"{GatewayPort}", "--health-port", $"{ports[2]}",
            "--device", "cpu", "--threads", "1", "--runs", runs, .. arguments ?? [],
        ], environment);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[2]}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int GatewayPort { get; }

    /// <summary>The entry assembly of a program of this repository, as its project built it in the tests' configuration.</summary>
    public static string Program(string projectFolder, string assemblyName) =>
        Path.Combine(RepositoryFiles.Root, projectFolder, "bin", BuildConfiguration(), "net10.0", $"{assemblyName}.dll");

    public Task<ProcessResult> WaitForExitAsync(TimeSpan timeout) => _process.WaitAsync(timeout);

    /// <summary>Everything the silo has written so far.</summary>
    public ProcessResult OutputSoFar => _process.OutputSoFar;

    /// <summary>
    /// Asks <paramref name="path"/> until it answers <paramref name="expected"/>; the port opens only once the silo
    /// has started, so refused connections are retried too.
    /// </summary>
    public async Task<string> WaitForAsync(string path, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited while waiting for {path}: {await _process.WaitAsync(TimeSpan.FromSeconds(5))}");
            }

            try
            {
                var (status, body) = await GetAsync(path);
                if (status == expected)
                {
                    return body;
                }

                last = $"{(int)status}: {body}";
            }
            catch (HttpRequestException error)
            {
                last = error.Message;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"{path} did not answer {(int)expected} in {timeout.TotalSeconds:F0} s; last: {last}");
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
    }

    private static string BuildConfiguration() =>
        typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("the test assembly has no AssemblyConfiguration attribute.");
}
