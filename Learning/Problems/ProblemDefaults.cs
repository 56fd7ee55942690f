using L2LCluster.Runs.Optimizers;

namespace L2LCluster.Learning.Problems;

/// <summary>The meta-training settings a family is trained with unless the user overrides them.</summary>
public sealed record ProblemDefaults(
    GradientPreprocessing Preprocessing,
    double OutputScale,
    IReadOnlyList<int> HiddenSizes,
    ParameterInitialization Initialization,
    int ProblemsPerBatch,
    int Horizon,
    int Unroll,
    double MetaLearningRate,
    int Iterations);
