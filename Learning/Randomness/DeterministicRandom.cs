namespace L2LCluster.Learning.Randomness;

/// <summary>
/// A small, portable generator (SplitMix64 stream) whose output depends only on its seed: unlike torch's
/// generators it gives the same numbers on CPU and CUDA and across libtorch versions.
/// </summary>
public sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;
    private double? _spareGaussian;

    public ulong NextUInt64() => SeedSequence.Mix(_state++);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound), by Lemire's multiply-shift (bias below 2^-32 for our bounds).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)((NextUInt64() >> 32) * (ulong)bound >> 32);
    }

    /// <summary>Standard normal, by the Box–Muller transform.</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        var angle = 2.0 * Math.PI * NextDouble();
        _spareGaussian = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }

    public void FillGaussian(Span<float> target, double mean = 0.0, double standardDeviation = 1.0)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (float)(mean + standardDeviation * NextGaussian());
        }
    }

    public void FillUniform(Span<float> target, double low, double high)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (float)(low + (high - low) * NextDouble());
        }
    }
}
