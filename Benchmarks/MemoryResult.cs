namespace L2LCluster.Benchmarks;

/// <summary>Whether a long meta-training run of one estimator keeps its memory flat: every sample, and the first against the last.</summary>
internal sealed record MemoryResult(string Estimator, IReadOnlyList<MemorySample> Samples)
{
    /// <summary>How far the resident set may drift between the baseline and the end and still count as flat.</summary>
    public const double FlatTolerance = 0.05;

    public MemorySample Baseline => Samples[0];

    public MemorySample Final => Samples[^1];

    public double ResidentRatio => (double)Final.ResidentBytes / Baseline.ResidentBytes;

    public bool IsFlat => Math.Abs(ResidentRatio - 1) <= FlatTolerance;

    public long PeakResidentBytes => Samples.Max(sample => sample.PeakResidentBytes);

    public long LiveTensorGrowth => Final.LiveTensors - Baseline.LiveTensors;
}
