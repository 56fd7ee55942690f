namespace L2LCluster.Learning.Training;

/// <summary>
/// The perturbed φ of ES and PES: φ + σz then φ − σz for each particle, one row each, z the particle's window of the
/// iteration's noise. The array is kept from one truncation to the next: at hundreds of kilobytes a fresh one each
/// time would land on the large-object heap and bring a full collection every few iterations. Not thread-safe.
/// </summary>
public sealed class AntitheticBranches(double sigma)
{
    private float[] _rows = [];

    /// <summary>The rows for these particles, 2 × particles.Count rows of φ's length; valid until the next call.</summary>
    public float[] Of(ReadOnlySpan<float> phi, ulong noiseSeed, IReadOnlyList<int> particles)
    {
        ArgumentNullException.ThrowIfNull(particles);
        var length = phi.Length;
        if (_rows.LongLength != 2L * particles.Count * length)
        {
            _rows = new float[2L * particles.Count * length];
        }

        var scale = (float)sigma;
        for (var index = 0; index < particles.Count; index++)
        {
            var noise = PerturbationNoise.Of(noiseSeed, particles[index], length);
            var plus = _rows.AsSpan(2 * index * length, length);
            var minus = _rows.AsSpan(((2 * index) + 1) * length, length);
            for (var coordinate = 0; coordinate < length; coordinate++)
            {
                plus[coordinate] = phi[coordinate] + (scale * noise[coordinate]);
                minus[coordinate] = phi[coordinate] - (scale * noise[coordinate]);
            }
        }

        return _rows;
    }
}
