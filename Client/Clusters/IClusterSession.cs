using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Clusters;

/// <summary>A connection to a cluster the console submits runs to: an embedded one or a remote one.</summary>
internal interface IClusterSession : IAsyncDisposable
{
    IGrainFactory Grains { get; }

    /// <summary>For people: "embedded cluster (1 CPU device)" or "cluster at redis://…".</summary>
    string Description { get; }

    /// <summary>The run's folder when this cluster keeps its runs on this machine (the embedded cluster); null otherwise.</summary>
    RunFolder? RunFolder(RunId run);
}
