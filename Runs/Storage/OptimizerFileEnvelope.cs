using MessagePack;

namespace L2LCluster.Runs.Storage;

/// <summary>
/// The on-disk layout of an optimizer file (schema 1; schema 2 adds parameter groups; schema 3 the architecture), as a MessagePack array. Keys are never reused: a later
/// schema only appends. φ is stored as little-endian float32 bytes with its SHA-256, so a flipped byte is caught.
/// </summary>
[MessagePackObject]
public sealed class OptimizerFileEnvelope
{
    [Key(0)]
    public string Format { get; set; } = "";

    [Key(1)]
    public int SchemaVersion { get; set; }

    [Key(2)]
    public int[] HiddenSizes { get; set; } = [];

    [Key(3)]
    public string Preprocessing { get; set; } = "";

    [Key(4)]
    public double PreprocessingExponent { get; set; }

    [Key(5)]
    public double OutputScale { get; set; }

    [Key(6)]
    public byte[] Parameters { get; set; } = [];

    [Key(7)]
    public byte[] ParametersSha256 { get; set; } = [];

    [Key(8)]
    public string Problem { get; set; } = "";

    [Key(9)]
    public long Iterations { get; set; }

    [Key(10)]
    public string TrainingSpec { get; set; } = "";

    [Key(11)]
    public string CreatedUtc { get; set; } = "";

    /// <summary>Schema 2: the name of each optimizer network's parameter group (none: one network).</summary>
    [Key(12)]
    public string[] GroupNames { get; set; } = [];

    /// <summary>Schema 2: each group's segment prefixes.</summary>
    [Key(13)]
    public string[][] GroupSegments { get; set; } = [];

    /// <summary>Schema 3: the optimizer's network, "lstm" or "mlp"; empty in older schemas (the LSTM).</summary>
    [Key(14)]
    public string Architecture { get; set; } = "";
}
