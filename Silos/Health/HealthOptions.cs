namespace L2LCluster.Silo.Health;

/// <summary>Configuration section "Health": the HTTP address and port that serve the silo's health endpoints.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>0 takes any free port (several silos on one machine).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// The address to listen on; by default the silo's own (its pod IP, its advertised address, or loopback), never
    /// every interface.
    /// </summary>
    public string? Address { get; set; }
}
