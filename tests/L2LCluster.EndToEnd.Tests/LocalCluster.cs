using System.Globalization;
using System.Net;
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
    private readonly int _silos;
    private int _firstSiloPort;
    private int _firstGatewayPort;

    public LocalCluster()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="environment">Added to the silos' environment.</param>
    /// <param name="silos">How many silo processes.</param>
    internal LocalCluster(IReadOnlyDictionary<string, string> environment, int silos = Silos)
    {
        _environment = environment;
        _silos = silos;
    }

    /// <summary>What clients pass as --cluster: the gateways (the Redis admits silos only).</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>
    /// The environment of a console that talks to this cluster: its client certificate (L2L_TLS_*, as
    /// <c>cluster.sh env</c> gives them), with what the silos were given.
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>(_environment)
    {
        ["L2L_TLS_CERT"] = Path.Combine(ClusterFolder, "tls", "client.pem"),
        ["L2L_TLS_KEY"] = Path.Combine(ClusterFolder, "tls", "client.key"),
        ["L2L_TLS_CA"] = Path.Combine(ClusterFolder, "tls", "ca.pem"),
    };

    /// <summary>The cluster's certificate folder (l2l-silo certificates), where a test may issue more.</summary>
    public string CertificateFolder => Path.Combine(ClusterFolder, "tls");

    private string ClusterFolder => _folder.File("cluster");

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(1, _silos, _silos);
        (RedisPort, _firstSiloPort, _firstGatewayPort) = (ports[0], ports[1], ports[2]);
        Endpoint = string.Join(',', Enumerable.Range(0, _silos).Select(index => $"127.0.0.1:{ports[2] + index}"));
        try
        {
            var started = await RunScriptAsync(
                "start", "--silos", Text(_silos), "--redis-port", Text(ports[0]), "--silo-port", Text(ports[1]), "--gateway-port", Text(ports[2]));
            if (started.ExitCode != 0 || !started.Output.Contains($"ready: {_silos} silos", StringComparison.Ordinal))
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

    public int RedisPort { get; private set; }

    /// <summary>Silo i listens on the i-th port of its run.</summary>
    public int SiloPort(int index) => _firstSiloPort + index;

    /// <summary>Silo i's gateway listens on the i-th port of its run.</summary>
    public int GatewayPort(int index) => _firstGatewayPort + index;

    public IEnumerable<IPEndPoint> Gateways => Enumerable.Range(0, _silos).Select(index => new IPEndPoint(IPAddress.Loopback, GatewayPort(index)));

    /// <summary>The run store of the cluster's silos (a folder they share).</summary>
    public string RunsFolder => Path.Combine(ClusterFolder, "runs");

    /// <summary>Starts silo i again after it was killed (cluster.sh restart), and waits until it has started.</summary>
    public async Task RestartSiloAsync(int index)
    {
        var result = await RunScriptAsync("restart", Text(index));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh restart {index} failed: {result}");
        }
    }

    /// <summary>The redis-server's process, to stop and continue it.</summary>
    public int RedisProcessId => int.Parse(File.ReadAllText(Path.Combine(ClusterFolder, "redis.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Everything silo i has logged so far.</summary>
    public string SiloLog(int index)
    {
        var log = Path.Combine(ClusterFolder, $"silo-{index}.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    /// <summary>
    /// Another l2l-silo process, outside the script, that tries to join this cluster through its Redis (with the
    /// Redis user's password) on free ports with <paramref name="arguments"/> (its TLS flags): an intruder, in the tests.
    /// </summary>
    public ChildProcess StartSilo(params string[] arguments)
    {
        var ports = FreePorts.Take(1, 1);
        var password = File.ReadAllText(Path.Combine(ClusterFolder, "redis-password")).Trim();
        return new ChildProcess(
            "dotnet",
            [
                SiloProcess.Program("Silos", "l2l-silo"), "--clustering", "redis", "--silo-port", Text(ports[0]), "--gateway-port", Text(ports[1]),
                "--runs", Path.Combine(ClusterFolder, "runs"), "--health-port", "0", .. arguments,
            ],
            new Dictionary<string, string> { ["L2L_REDIS"] = $"127.0.0.1:{Text(RedisPort)},user=l2l,password={password},ssl=true,sslHost=redis,abortConnect=false" });
    }

    public async Task<int> SiloProcessIdAsync(int index)
    {
        var result = await RunScriptAsync("pid", Text(index));
        return result.ExitCode == 0
            ? int.Parse(result.Output.Trim(), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"cluster.sh pid {index} failed: {result}");
    }

    /// <summary>The last lines of every silo's log, for a failure's message.</summary>
    public string LogTails() => string.Join(Environment.NewLine, Enumerable.Range(0, _silos).Select(index =>
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
