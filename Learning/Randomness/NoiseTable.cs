namespace L2LCluster.Learning.Randomness;

/// <summary>
/// One fixed table of standard normal numbers, the same in every process (Salimans et al. 2017): a perturbation of φ
/// is a window of it at an offset drawn from a seed, so a coordinator rebuilds a worker's perturbations by reading,
/// not by drawing millions of Gaussians per iteration. Made once per process, on first use.
/// </summary>
public static class NoiseTable
{
    /// <summary>16 MiB of float32; four times the longest φ a perturbation may cover.</summary>
    public const int Length = 1 << 22;

    private const ulong TableSeed = 0x4E4F495345544142UL;

    private static readonly Lazy<float[]> s_values = new(() =>
    {
        var values = new float[Length];
        new DeterministicRandom(TableSeed).FillGaussian(values);
        return values;
    });

    public static ReadOnlySpan<float> Values => s_values.Value;
}
