using L2LCluster.Learning.Evaluation;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Experiments;

/// <summary>
/// The experiments of issue 14: the gradient estimators against each other and the tuned baselines, on the paper's
/// horizon and on a ten times longer one, where truncated BPTT's short-horizon bias should show.
/// </summary>
internal static class EstimatorExperiments
{
    /// <summary>16 antithetic pairs of 8 problems: 128 problems per sign, the paper's quadratic batch.</summary>
    public const int Perturbations = 16;

    public const int ProblemsPerPerturbation = 8;

    public const double Sigma = 0.01;

    /// <summary>The long horizon: 50 truncations of 20 steps per episode.</summary>
    public const int LongHorizonSteps = 1000;

    /// <summary>The quadratic: the paper's TBPTT optimizer (the quadratic experiment's spec) beside ES and PES trained on as many problems per sign.</summary>
    public static ExperimentDefinition Quadratic(MetaTrainingSpec tbptt, ExperimentCase comparison) => new(
        ExperimentCatalog.QuadraticEstimators,
        "10-d Gaussian quadratics ‖Wθ − y‖², the optimizer trained by truncated BPTT, ES and PES",
        [
            new ExperimentOptimizer("TBPTT", tbptt),
            new ExperimentOptimizer("ES", WithEstimator(tbptt, EvolutionStrategyKind.Truncated) with { Iterations = 2000 }),
            new ExperimentOptimizer("PES", WithEstimator(tbptt, EvolutionStrategyKind.Persistent) with { Iterations = 2000 }),
        ],
        [comparison],
        new ComparisonOptions());

    /// <summary>
    /// Horizon 1,000, unroll 20: the family's optimizer as it is trained at the paper's horizon (100), then trained at
    /// 1,000 by truncated BPTT and by PES, all compared at step 1,000.
    /// </summary>
    /// <param name="iterations">Meta-iterations of both long-horizon trainings.</param>
    /// <param name="perturbations">PES's antithetic pairs.</param>
    public static ExperimentDefinition LongHorizon(string name, string summary, MetaTrainingSpec paper, ExperimentCase comparison, int iterations, int perturbations)
    {
        var longer = paper with { Horizon = LongHorizonSteps, Unroll = 20, Validation = null, Iterations = iterations };
        return new(
            name,
            summary,
            [
                new ExperimentOptimizer("TBPTT-100", paper),
                new ExperimentOptimizer("TBPTT-1000", longer),
                new ExperimentOptimizer("PES-1000", WithEstimator(longer, EvolutionStrategyKind.Persistent, perturbations)),
            ],
            [comparison],
            new ComparisonOptions());
    }

    /// <summary>The spec with an evolution strategy of as many problems per sign (one at least per perturbation).</summary>
    private static MetaTrainingSpec WithEstimator(MetaTrainingSpec spec, EvolutionStrategyKind kind, int perturbations = Perturbations) => spec with
    {
        Problems = Math.Max(1, spec.Problems / perturbations),
        Estimator = new EvolutionStrategy(kind, perturbations, Sigma),
    };
}
