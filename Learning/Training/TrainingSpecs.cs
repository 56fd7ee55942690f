using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Training;

/// <summary>What a <see cref="MetaTrainingSpec"/> means to the mathematics: its networks, its first φ, its work.</summary>
public static class TrainingSpecs
{
    /// <summary>The spec a family is trained with when the user overrides nothing.</summary>
    public static MetaTrainingSpec ForFamily(IProblemFamily family, ProblemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(family);
        var defaults = family.Defaults;
        return new MetaTrainingSpec
        {
            Problem = family.Name,
            ProblemOptions = options ?? new ProblemOptions(),
            Iterations = defaults.Iterations,
            Unroll = defaults.Unroll,
            Horizon = defaults.Horizon,
            Problems = defaults.ProblemsPerBatch,
            LearningRate = defaults.MetaLearningRate,
            HiddenSizes = [.. defaults.HiddenSizes],
            Preprocessing = defaults.Preprocessing.Kind,
            PreprocessingExponent = defaults.Preprocessing.Kind == Runs.Optimizers.PreprocessingKind.LogAndSign ? defaults.Preprocessing.Exponent : Runs.Optimizers.GradientPreprocessing.PaperExponent,
            OutputScale = defaults.OutputScale,
            Initialization = defaults.Initialization,
        };
    }

    public static OptimizerNetworks Networks(this MetaTrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new OptimizerNetworks(spec.Architecture, spec.ParameterGroups);
    }

    /// <summary>φ before the first meta-iteration: the starting optimizer's, or a fresh one from the seed.</summary>
    public static float[] InitialPhi(this MetaTrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.StartFrom?.Load(spec.Architecture, spec.ParameterGroups) ?? spec.Networks().InitialParameters(spec.Seed, spec.Initialization);
    }

    /// <summary>Optimizee coordinates per meta-iteration: the rows of the LSTM's batch.</summary>
    public static long Coordinates(this MetaTrainingSpec spec, IProblemFamily family)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(family);
        return (long)spec.Problems * family.CoordinatesPerProblem;
    }
}
