using L2LCluster.Runs.Specs;

namespace L2LCluster.Runs;

/// <summary>
/// Asynchronous meta-training, as in learned_optimization's learner: every worker unrolls its own problems back to
/// back under the newest φ it was sent, and the coordinator applies Adam as soon as <paramref name="GradientsPerUpdate"/>
/// gradients are in. A gradient computed under a φ more than <paramref name="MaxStaleness"/> versions older than the
/// current one is dropped and counted. Nobody waits for the slowest worker.
/// </summary>
/// <param name="MaxStaleness">How many φ versions a gradient may lag behind and still be applied (0: only the current φ).</param>
/// <param name="GradientsPerUpdate">Gradients averaged into one Adam step; 0 means one per worker assigned.</param>
[GenerateSerializer, Immutable, Alias("l2l.AsynchronousMode")]
public sealed record AsynchronousMode(
    [property: Id(0)] int MaxStaleness,
    [property: Id(1)] int GradientsPerUpdate)
{
    public const int MaxStalenessLimit = 1000;

    public const int GradientsPerUpdateLimit = 100_000;

    public AsynchronousMode Validate()
    {
        InvalidSettingException.ThrowUnless(
            MaxStaleness is >= 0 and <= MaxStalenessLimit, SpecFields.MaxStaleness, $"must be between 0 and {MaxStalenessLimit}; got {MaxStaleness}.");
        InvalidSettingException.ThrowUnless(
            GradientsPerUpdate is >= 0 and <= GradientsPerUpdateLimit,
            SpecFields.GradientsPerUpdate,
            $"must be between 0 (one per worker) and {GradientsPerUpdateLimit}; got {GradientsPerUpdate}.");
        return this;
    }
}
