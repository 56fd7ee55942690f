using L2LCluster.Learning.Randomness;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// Task augmentation after learned_optimization's ReparamWeights, around any family: a problem is optimized in θ′ with
/// θ = s ⊙ θ′, so f′(θ′) = f(s ⊙ θ′), θ′₀ = θ₀ / s and ∇θ′ = s ⊙ ∇θ. Each parameter tensor (a segment of the family's
/// layout; all of θ for a family without one) gets one scale, log-uniform in [MIN, MAX], from the problem's seed in a
/// stream of its own, so the inner problem is the one its seed gives without augmentation. Padding keeps scale 1.
/// </summary>
public sealed class ReparamFamily : IProblemFamily, IProblemLayouts
{
    private const ulong ReparamStream = 0x72706172UL;

    private readonly IProblemFamily _inner;
    private readonly double _logMin;
    private readonly double _logMax;

    public ReparamFamily(IProblemFamily inner, double minScale, double maxScale)
    {
        ArgumentNullException.ThrowIfNull(inner);
        new TaskAugmentation { ReparamScale = [minScale, maxScale] }.Validate();
        _inner = inner;
        _logMin = Math.Log(minScale);
        _logMax = Math.Log(maxScale);
    }

    public string Name => _inner.Name;

    public ProblemDefaults Defaults => _inner.Defaults;

    public int CoordinatesPerProblem => _inner.CoordinatesPerProblem;

    public int? ProblemsAtOnce => _inner.ProblemsAtOnce;

    public IReadOnlyList<ParameterSegment> SegmentsOf(ulong problemSeed) => IProblemLayouts.Of(_inner, problemSeed);

    /// <summary>Problem <paramref name="problemSeed"/>'s s, [coordinates].</summary>
    public float[] ScalesOf(ulong problemSeed)
    {
        var scales = new float[CoordinatesPerProblem];
        Array.Fill(scales, 1f);
        var random = new DeterministicRandom(SeedSequence.Derive(problemSeed, ReparamStream));
        foreach (var segment in SegmentsOf(problemSeed))
        {
            var scale = (float)Math.Exp(_logMin + (random.NextDouble() * (_logMax - _logMin)));
            scales.AsSpan(segment.Offset, segment.Length).Fill(scale);
        }

        return scales;
    }

    public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device)
    {
        ArgumentNullException.ThrowIfNull(problemSeeds);
        var scales = problemSeeds.SelectMany(ScalesOf).ToArray();
        var inner = _inner.Sample(problemSeeds, device);
        return new Batch(inner, tensor(scales, [problemSeeds.Count, CoordinatesPerProblem], device: device));
    }

    private sealed class Batch(IProblemBatch inner, Tensor scales) : IProblemBatch
    {
        public int ProblemCount => inner.ProblemCount;

        public int CoordinatesPerProblem => inner.CoordinatesPerProblem;

        public Tensor InitialParameters()
        {
            using var initial = inner.InitialParameters();
            return initial / scales;
        }

        public Tensor Losses(Tensor parameters)
        {
            using var scope = NewDisposeScope();
            return inner.Losses(parameters * scales).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            inner.Dispose();
            scales.Dispose();
        }
    }
}
