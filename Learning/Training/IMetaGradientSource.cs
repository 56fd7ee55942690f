namespace L2LCluster.Learning.Training;

/// <summary>
/// Where the single-process trainer's meta-gradients come from: backpropagation through truncated unrolls
/// (<see cref="TruncatedUnroller"/>) or evolution strategies (<see cref="EvolutionSource"/>). A new estimator is a new class.
/// </summary>
public interface IMetaGradientSource : IDisposable
{
    /// <summary>The episode the next fresh problems will belong to (truncated BPTT's problem cursor; a checkpoint keeps it).</summary>
    long NextEpisode { get; }

    /// <summary>Where the problems (for ES and PES: particle 0's) stand after the last estimate: their episode and step.</summary>
    (long Episode, int Step) Reported { get; }

    /// <summary>One truncation's estimate of ∂L/∂φ at <paramref name="phi"/>, for meta-iteration <paramref name="iteration"/> (1-based).</summary>
    MetaGradient Estimate(float[] phi, int iteration);
}
