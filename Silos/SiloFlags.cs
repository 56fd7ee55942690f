using L2LCluster.Runs;

namespace L2LCluster.Silo;

/// <summary>
/// The silo's flags and the configuration keys they set. Each flag <c>--some-flag</c> may also be given as the
/// environment variable <c>L2L_SOME_FLAG</c>, as every flag of the console may; the flag wins over the variable, which
/// wins over appsettings.json.
/// </summary>
public static class SiloFlags
{
    public const string TraceConsole = "--trace-console";

    public const string Insecure = "--insecure";

    private const string TraceConsoleKey = "Telemetry:Console";

    /// <summary>Flags that take no value: present means true.</summary>
    private static readonly string[] Switches = [TraceConsole, Insecure];

    private static readonly (string Flag, string Key)[] Table =
    [
        ("--device", "Devices:Kind"),
        ("--cpu-devices", "Devices:CpuDevices"),
        ("--threads", "Devices:Threads"),
        ("--clustering", "Clustering:Kind"),
        ("--redis", "Clustering:Redis"),
        ("--silo-port", "Clustering:SiloPort"),
        ("--gateway-port", "Clustering:GatewayPort"),
        ("--gateway-listening-port", "Clustering:GatewayListeningPort"),
        ("--primary-port", "Clustering:PrimarySiloPort"),
        ("--service-id", "Clustering:ServiceId"),
        ("--cluster-id", "Clustering:ClusterId"),
        ("--advertised-address", "Clustering:AdvertisedAddress"),
        ("--storage", "Storage:Kind"),
        ("--runs", "Storage:Directory"),
        ("--storage-redis", "Storage:Redis"),
        ("--wake-interval", "Runs:WakeInterval"),
        ("--memory-budget", "Runs:MemoryBudget"),
        ("--store-outage-limit", "Runs:StoreOutageLimit"),
        ("--health-port", "Health:Port"),
        ("--health-address", "Health:Address"),
        ("--shutdown-timeout", "HostOptions:ShutdownTimeout"),
        ("--tls-cert", "Tls:Certificate"),
        ("--tls-key", "Tls:Key"),
        ("--tls-ca", "Tls:Authority"),
        (Insecure, "Tls:Insecure"),
        (TraceConsole, TraceConsoleKey),
        ("--trace-file", "Telemetry:File"),
    ];

    public static string VariableFor(string flag) => "L2L_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>The environment variable that sets configuration key <paramref name="key"/> (e.g. "Clustering:Kind").</summary>
    public static string VariableForKey(string key) =>
        VariableFor(Table.FirstOrDefault(entry => entry.Key == key).Flag ?? throw new ArgumentException($"No flag sets the configuration key '{key}'.", nameof(key)));

    /// <summary>The settings the environment gives, by configuration key.</summary>
    internal static Dictionary<string, string?> FromEnvironment() =>
        Table.Where(entry => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(VariableFor(entry.Flag))))
            .ToDictionary(entry => entry.Key, entry => Environment.GetEnvironmentVariable(VariableFor(entry.Flag)));

    /// <summary>The settings the command line gives, by configuration key; an unknown flag or a missing value is refused.</summary>
    internal static Dictionary<string, string?> FromCommandLine(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>();
        for (var index = 0; index < args.Count; index++)
        {
            var flag = args[index];
            var key = Table.FirstOrDefault(candidate => candidate.Flag == flag).Key
                ?? throw new InvalidSettingException(flag, $"unknown flag; the silo takes {string.Join(", ", Table.Select(candidate => candidate.Flag))}.");
            if (Switches.Contains(flag))
            {
                settings[key] = "true";
                continue;
            }

            InvalidSettingException.ThrowUnless(index + 1 < args.Count, flag, "needs a value.");
            settings[key] = args[++index];
        }

        return settings;
    }
}
