using L2LCluster.Learning.Randomness;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Training;

/// <summary>
/// The perturbations of an ES or PES meta-iteration, from seeds alone: one noise seed per iteration (from the run's
/// seed), and for each particle a window of the <see cref="NoiseTable"/> at an offset drawn from it. The window is
/// z, in units of σ: particle p perturbs φ by ±σ z.
/// </summary>
public static class PerturbationNoise
{
    private const ulong NoiseStream = 0x4E4F495345000001UL;

    public static ulong Seed(ulong runSeed, int iteration) => SeedSequence.Derive(runSeed, NoiseStream, (ulong)iteration);

    /// <summary>Particle <paramref name="particle"/>'s z for the iteration of <paramref name="noiseSeed"/>, of φ's <paramref name="length"/>.</summary>
    public static ReadOnlySpan<float> Of(ulong noiseSeed, int particle, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(particle);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, EvolutionStrategy.MaxParameters);
        var offset = (int)(SeedSequence.Derive(noiseSeed, (ulong)particle) % (ulong)(NoiseTable.Length - length + 1));
        return NoiseTable.Values.Slice(offset, length);
    }
}
