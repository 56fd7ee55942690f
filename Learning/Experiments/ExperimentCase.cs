using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Experiments;

/// <summary>
/// One comparison of an experiment: every optimizer of the experiment and every tuned baseline on the same
/// held-out problems of <paramref name="Problem"/> with <paramref name="Options"/>, for <paramref name="Steps"/> steps.
/// The held-out problems use <see cref="DataSplit.Test"/> and the baselines are tuned on <see cref="DataSplit.Train"/>.
/// </summary>
/// <param name="Name">A file-name-safe key (figures are named after it).</param>
/// <param name="Title">The heading of its table and figure.</param>
public sealed record ExperimentCase(string Name, string Title, string Problem, ProblemOptions Options, int Steps);
