using MessagePack;

namespace L2LCluster.Runs.Storage;

/// <summary>The on-disk layout of a checkpoint (schema 4). Keys are append-only across schemas.</summary>
[MessagePackObject]
public sealed class RunCheckpointEnvelope
{
    [Key(0)]
    public string Format { get; set; } = "";

    [Key(1)]
    public int SchemaVersion { get; set; }

    [Key(2)]
    public string RunId { get; set; } = "";

    [Key(3)]
    public string TrainingSpecJson { get; set; } = "";

    [Key(4)]
    public int CheckpointEvery { get; set; }

    [Key(5)]
    public long WorkerDeadlineTicks { get; set; }

    [Key(6)]
    public string State { get; set; } = "";

    [Key(7)]
    public int Iteration { get; set; }

    [Key(8)]
    public long PhiVersion { get; set; }

    /// <summary>φ, Adam's first and second moments and, when <see cref="BestIteration"/> is set, the best φ, concatenated as float32 bytes.</summary>
    [Key(9)]
    public byte[] Vectors { get; set; } = [];

    [Key(10)]
    public byte[] VectorsSha256 { get; set; } = [];

    [Key(11)]
    public long AdamStep { get; set; }

    [Key(12)]
    public long NextEpisode { get; set; }

    [Key(13)]
    public int RejectedGradients { get; set; }

    [Key(14)]
    public string? Error { get; set; }

    /// <summary>Optional: a checkpoint without it (or read by a build that skips it) only loses the trace link.</summary>
    [Key(15)]
    public string? TraceParent { get; set; }

    /// <summary>Schema 2: the asynchronous mode's staleness bound; −1 for a synchronous run.</summary>
    [Key(16)]
    public int AsynchronousMaxStaleness { get; set; } = -1;

    [Key(17)]
    public int AsynchronousGradientsPerUpdate { get; set; }

    [Key(18)]
    public int StaleGradients { get; set; }

    /// <summary>Schema 3: the iteration of the best validated φ; 0 when the run has none.</summary>
    [Key(19)]
    public int BestIteration { get; set; }

    [Key(20)]
    public double BestValidationLoss { get; set; }

    /// <summary>Schema 4: the workers of the run's last episode.</summary>
    [Key(21)]
    public string[] Workers { get; set; } = [];

    /// <summary>Schema 4: the latest drops, as three arrays of one length: who, at which iteration, why.</summary>
    [Key(22)]
    public string[] DroppedWorkers { get; set; } = [];

    [Key(23)]
    public int[] DroppedIterations { get; set; } = [];

    [Key(24)]
    public string[] DroppedReasons { get; set; } = [];

    /// <summary>
    /// Schema 4: the SHA-256 of the whole checkpoint, written with this field empty, so that a flipped byte anywhere
    /// (the spec, the counters, the history) is caught, not only in the vectors.
    /// </summary>
    [Key(25)]
    public byte[] ContentSha256 { get; set; } = [];
}
