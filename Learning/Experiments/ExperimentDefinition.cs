using L2LCluster.Learning.Evaluation;

namespace L2LCluster.Learning.Experiments;

/// <summary>
/// One of the paper's experiments: the optimizers it meta-trains and the comparisons it reports. The definition
/// is data, so the console, the tests and the results page all run exactly the same experiment.
/// </summary>
public sealed record ExperimentDefinition(
    string Name,
    string Summary,
    IReadOnlyList<ExperimentOptimizer> Optimizers,
    IReadOnlyList<ExperimentCase> Cases,
    ComparisonOptions Comparison);
