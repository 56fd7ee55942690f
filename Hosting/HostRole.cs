namespace L2LCluster.Hosting;

/// <summary>Which kind of L2LCluster host a program builds; it sets the host's defaults (<see cref="L2LHostDefaults"/>).</summary>
public enum HostRole
{
    /// <summary>A silo process of a cluster: logs at its configured levels, exports its own telemetry.</summary>
    Silo,

    /// <summary>The single-machine silo inside the console: warnings only; the console exports the process's telemetry.</summary>
    EmbeddedSilo,

    /// <summary>The console's connection to a cluster: errors only; the console exports the process's telemetry.</summary>
    Client,
}
