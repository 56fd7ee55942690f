using System.Globalization;
using System.Reflection;

namespace L2LCluster.EndToEnd.Tests;

/// <summary>
/// The cluster of deploy/local/cluster.sh: redis and three silo processes on free loopback ports, with their logs and
/// run store in a temp folder. The silos are the ones built in the tests' own configuration. Stopped on dispose, and
/// when it fails to start.
/// </summary>
public sealed class LocalCluster : IAsyncLifetime
{
    public const int Silos = 3;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private readonly TempFolder _folder = new();
    private readonly string _script = Path.Combine(RepositoryRoot(), "deploy", "local", "cluster.sh");
    private readonly IReadOnlyDictionary<string, string> _environment;
    private int _firstSiloPort;

    public LocalCluster()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="environment">Added to the silos' environment.</param>
    internal LocalCluster(IReadOnlyDictionary<string, string> environment) => _environment = environment;

    /// <summary>What clients pass as --cluster: the Redis membership table.</summary>
    public string Endpoint { get; private set; } = "";

    private string ClusterFolder => _folder.File("cluster");

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(1, Silos, Silos);
        _firstSiloPort = ports[1];
        Endpoint = $"redis://127.0.0.1:{ports[0]}";
        try
        {
            var started = await RunScriptAsync(
                "start", "--silos", Text(Silos), "--redis-port", Text(ports[0]), "--silo-port", Text(ports[1]), "--gateway-port", Text(ports[2]));
            if (started.ExitCode != 0 || !started.Output.Contains($"ready: {Silos} silos", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"cluster.sh start failed: {started}");
            }
        }
        catch
        {
            await StopAsync();
            _folder.Dispose();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _folder.Dispose();
        }
    }

    /// <summary>Silo i listens on the i-th port of its run.</summary>
    public int SiloPort(int index) => _firstSiloPort + index;

    public async Task<int> SiloProcessIdAsync(int index)
    {
        var result = await RunScriptAsync("pid", Text(index));
        return result.ExitCode == 0
            ? int.Parse(result.Output.Trim(), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"cluster.sh pid {index} failed: {result}");
    }

    /// <summary>The last lines of every silo's log, for a failure's message.</summary>
    public string LogTails() => string.Join(Environment.NewLine, Enumerable.Range(0, Silos).Select(index =>
    {
        var log = Path.Combine(ClusterFolder, $"silo-{index}.log");
        var lines = File.Exists(log) ? File.ReadAllLines(log) : [];
        return $"--- silo {index} ---{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(30))}";
    }));

    private async Task StopAsync()
    {
        var stopped = await RunScriptAsync("stop");
        if (stopped.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh stop failed: {stopped}");
        }
    }

    private async Task<ProcessResult> RunScriptAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>(_environment) { ["L2L_CONFIGURATION"] = BuildConfiguration() };
        using var script = new ChildProcess("bash", [_script, .. arguments, "--dir", ClusterFolder], environment);
        return await script.WaitAsync(ScriptTimeout);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Debug or Release: the tests' own, which the project reference built the silo in.</summary>
    private static string BuildConfiguration() =>
        typeof(LocalCluster).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("the test assembly has no AssemblyConfiguration attribute.");

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "L2LCluster.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no L2LCluster.sln above {AppContext.BaseDirectory}.");
    }
}
