using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// ES and PES in one process: a <see cref="ParticleUnroller"/> holding every particle, and the
/// <see cref="ParticleLedger"/> a coordinator keeps. A cluster splits the particles over its workers and runs the very
/// same two pieces, so with the same spec it reaches the same φ.
/// </summary>
public sealed class EvolutionSource : IMetaGradientSource
{
    private readonly MetaTrainingSpec _spec;
    private readonly ParticleUnroller _unroller;

    public EvolutionSource(MetaTrainingSpec spec, IProblemFamily family, Device device, int firstIteration)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        Ledger = new ParticleLedger(spec, firstIteration);
        _unroller = new ParticleUnroller(spec, family, device);
    }

    public ParticleLedger Ledger { get; }

    /// <summary>Particles are not problems of episodes of the run: a resumed run starts them afresh.</summary>
    public long NextEpisode => 0;

    public (long Episode, int Step) Reported => (Ledger.ClockOf(0).Episode, Ledger.ClockOf(0).Step);

    public MetaGradient Estimate(float[] phi, int iteration)
    {
        _unroller.Hold(Ledger.Slots);
        var truncation = _unroller.Unroll(phi, PerturbationNoise.Seed(_spec.Seed, iteration), iteration);
        return Ledger.Estimate(iteration, truncation);
    }

    public void Dispose() => _unroller.Dispose();
}
