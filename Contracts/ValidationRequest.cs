using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Contracts;

/// <summary>Scores one φ on the run's validation problems (best-checkpoint selection).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Training">The run's meta-training spec, which names the validation problems.</param>
/// <param name="Iteration">The meta-iteration after which φ is validated.</param>
/// <param name="Phi">φ as float32 bytes.</param>
[GenerateSerializer, Immutable, Alias("l2l.ValidationRequest")]
public sealed record ValidationRequest(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] MetaTrainingSpec Training,
    [property: Id(2)] int Iteration,
    [property: Id(3)] byte[] Phi);
