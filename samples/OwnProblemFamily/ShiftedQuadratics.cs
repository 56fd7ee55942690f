using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace OwnProblemFamily;

/// <summary>
/// A problem family the L2LCluster packages do not ship: f(θ) = Σᵢ aᵢ (θᵢ − cᵢ)² in 5 dimensions, with curvatures
/// aᵢ in [0.5, 2) and centres cᵢ in [−2, 2) drawn from each problem's seed, so any silo builds the same problem.
/// </summary>
public sealed class ShiftedQuadratics : IProblemFamily
{
    public const string FamilyName = "shifted-quadratics";

    private const int Dimensions = 5;

    public string Name => FamilyName;

    public int CoordinatesPerProblem => Dimensions;

    public ProblemDefaults Defaults { get; } = new(
        GradientPreprocessing.LogAndSign(),
        OutputScale: 0.1,
        HiddenSizes: [8, 8],
        ParameterInitialization.Uniform,
        ProblemsPerBatch: 16,
        Horizon: 40,
        Unroll: 10,
        MetaLearningRate: 0.003,
        Iterations: 200);

    public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device)
    {
        ArgumentNullException.ThrowIfNull(problemSeeds);
        var curvatures = new float[problemSeeds.Count * Dimensions];
        var centres = new float[problemSeeds.Count * Dimensions];
        for (var problem = 0; problem < problemSeeds.Count; problem++)
        {
            var random = new Random(unchecked((int)problemSeeds[problem] ^ (int)(problemSeeds[problem] >> 32)));
            for (var coordinate = 0; coordinate < Dimensions; coordinate++)
            {
                curvatures[(problem * Dimensions) + coordinate] = 0.5f + (1.5f * random.NextSingle());
                centres[(problem * Dimensions) + coordinate] = (4 * random.NextSingle()) - 2;
            }
        }

        return new Batch(tensor(curvatures, [problemSeeds.Count, Dimensions], device: device), tensor(centres, [problemSeeds.Count, Dimensions], device: device));
    }

    private sealed class Batch(Tensor curvatures, Tensor centres) : IProblemBatch
    {
        public int ProblemCount => (int)centres.shape[0];

        public int CoordinatesPerProblem => Dimensions;

        public Tensor InitialParameters() => zeros_like(centres);

        public Tensor Losses(Tensor parameters) => (curvatures * (parameters - centres).square()).sum(1);

        public void Dispose()
        {
            curvatures.Dispose();
            centres.Dispose();
        }
    }
}
