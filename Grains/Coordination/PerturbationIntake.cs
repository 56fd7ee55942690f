using L2LCluster.Contracts;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Coordination;

/// <summary>
/// The coordinator's side of one ES or PES iteration's answers: each worker's answer is checked (φ version, one pair of
/// differences per particle it holds, finite totals) and its differences are put in their particles' places; a
/// particle whose worker did not answer stays NaN, lost for this iteration only (<see cref="ParticleLedger"/> starts it
/// again). What is kept is two numbers per particle, whatever φ's size.
/// </summary>
public sealed class PerturbationIntake(long phiVersion, int particles)
{
    private readonly double[] _differences = [.. Enumerable.Repeat(double.NaN, 2 * particles)];
    private double _metaLoss;
    private double _finalLoss;
    private int _finite;
    private int _steps;
    private long _coordinates;

    public int Accepted { get; private set; }

    /// <summary>Takes the answer of the worker that holds <paramref name="held"/>, or returns why it cannot be used.</summary>
    public string? Accept(ParticleAnswer answer, IReadOnlyList<int> held)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(held);
        if (answer.PhiVersion != phiVersion)
        {
            return $"rejected: computed under φ version {answer.PhiVersion}, expected {phiVersion}";
        }

        if (answer.Differences.Length != held.Count * 2 * sizeof(double))
        {
            return $"rejected: {answer.Differences.Length} bytes of loss differences, expected {held.Count * 2 * sizeof(double)} for {held.Count} particles";
        }

        if (!double.IsFinite(answer.MetaLossSum) || !double.IsFinite(answer.FinalLossSum) || answer.FiniteParticles is < 0 || answer.FiniteParticles > held.Count)
        {
            return "rejected: the losses are not finite";
        }

        var differences = FloatPayload.ToDoubles(answer.Differences);
        for (var index = 0; index < held.Count; index++)
        {
            _differences[2 * held[index]] = differences[2 * index];
            _differences[(2 * held[index]) + 1] = differences[(2 * index) + 1];
        }

        _metaLoss += answer.MetaLossSum;
        _finalLoss += answer.FinalLossSum;
        _finite += answer.FiniteParticles;
        _steps = Math.Max(_steps, answer.Steps);
        _coordinates += answer.Coordinates;
        Accepted++;
        return null;
    }

    /// <summary>Every particle's differences, by index, with the totals of the answers taken.</summary>
    public ParticleTruncation Truncation() => new([.. _differences], _metaLoss, _finalLoss, _finite, _steps, _coordinates);
}
