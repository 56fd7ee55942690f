using TorchSharp;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// A class of optimization problems (optimizees) that a learned optimizer is trained on. Every problem is
/// identified by a 64-bit seed: the same seed gives the same problem, including its data stream, everywhere.
/// Implement this to meta-train on your own problems and register it in <see cref="ProblemCatalog"/>.
/// </summary>
public interface IProblemFamily
{
    /// <summary>The name users pass as --problem.</summary>
    string Name { get; }

    /// <summary>Optimizer settings the paper (or the official code) used for this family; each overridable.</summary>
    ProblemDefaults Defaults { get; }

    /// <summary>The number of optimizee coordinates of one problem (every problem of a family has the same).</summary>
    int CoordinatesPerProblem { get; }

    /// <summary>
    /// How many problems one batch of this family may hold where the caller chooses (the baselines' grid search runs as
    /// many learning rates at once as fit, each on its own copy of the tuning problems); null, the default, where nothing
    /// is known of a problem's working memory: one run's problems at a time.
    /// </summary>
    int? ProblemsAtOnce => null;

    /// <summary>Builds the problems for the given seeds on a device, as one batch.</summary>
    IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, torch.Device device);
}
