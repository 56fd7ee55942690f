namespace L2LCluster.Silo.Health;

/// <summary>Configuration section "Health": the HTTP port that serves the silo's health endpoints.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>The port on every interface; 0 takes any free port (several silos on one machine).</summary>
    public int Port { get; set; } = 8080;
}
