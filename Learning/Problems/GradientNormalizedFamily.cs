using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// Task augmentation after learned_optimization's NormalizeTaskGradient, around any family: the losses are the inner
/// family's, and the gradient a problem hands the optimizer is g / ‖g‖₂ over all of its coordinates, so the optimizer
/// sees directions of unit length whatever the problem's scale. Padding has a zero gradient and adds nothing to the norm;
/// a zero gradient stays zero.
/// </summary>
public sealed class GradientNormalizedFamily : IProblemFamily, IProblemLayouts
{
    /// <summary>Below this norm a gradient is left as it is: dividing by it would only turn rounding into a direction.</summary>
    public const double SmallestNorm = 1e-30;

    private readonly IProblemFamily _inner;

    public GradientNormalizedFamily(IProblemFamily inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public string Name => _inner.Name;

    public ProblemDefaults Defaults => _inner.Defaults;

    public int CoordinatesPerProblem => _inner.CoordinatesPerProblem;

    public int? ProblemsAtOnce => _inner.ProblemsAtOnce;

    public IReadOnlyList<ParameterSegment> SegmentsOf(ulong problemSeed) => IProblemLayouts.Of(_inner, problemSeed);

    public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device) => new Batch(_inner.Sample(problemSeeds, device));

    private sealed class Batch(IProblemBatch inner) : IProblemBatch, IGradientAugmentation
    {
        public IProblemBatch Inner => inner;

        public int ProblemCount => inner.ProblemCount;

        public int CoordinatesPerProblem => inner.CoordinatesPerProblem;

        public Tensor InitialParameters() => inner.InitialParameters();

        public Tensor Losses(Tensor parameters) => inner.Losses(parameters);

        public Tensor Transform(Tensor gradient)
        {
            using var scope = NewDisposeScope();
            var norms = gradient.norm(1, keepdim: true);
            var divisors = where(norms < SmallestNorm, ones_like(norms), norms);
            return gradient.div(divisors).MoveToOuterDisposeScope();
        }

        public void Dispose() => inner.Dispose();
    }
}
