using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// f(x) = x² from x₀ = 1: the official code's convergence test, whose optimizer is the zero-initialized network
/// with no LSTM layers (a linear map of the raw gradient), trained with meta learning rate 0.01.
/// </summary>
public sealed class SimpleProblems : IProblemFamily
{
    public const string FamilyName = "simple";

    public string Name => FamilyName;

    public int CoordinatesPerProblem => 1;

    public ProblemDefaults Defaults { get; } = new(
        GradientPreprocessing.None,
        OutputScale: 1.0,
        HiddenSizes: [],
        ParameterInitialization.Zeros,
        ProblemsPerBatch: 1,
        Horizon: 100,
        Unroll: 20,
        MetaLearningRate: 0.01,
        Iterations: 500 * 5);

    public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device)
    {
        ArgumentNullException.ThrowIfNull(problemSeeds);
        return new Batch(ones(problemSeeds.Count, 1, device: device));
    }

    private sealed class Batch(Tensor initial) : IProblemBatch
    {
        public int ProblemCount => (int)initial.shape[0];

        public int CoordinatesPerProblem => 1;

        public Tensor InitialParameters() => initial.clone();

        public Tensor Losses(Tensor parameters) => parameters.square().sum(1);

        public void Dispose() => initial.Dispose();
    }
}
