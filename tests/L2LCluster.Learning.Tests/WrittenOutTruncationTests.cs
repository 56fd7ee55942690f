using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>
/// First-order truncations of the paper's LSTM take ∂L/∂φ written out (a suffix sum of the optimizee gradients and
/// backpropagation through the LSTM alone); it must be autograd's over the whole truncation's graph.
/// </summary>
public sealed class WrittenOutTruncationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public WrittenOutTruncationTests()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 50, testCount: 20);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// The bound on ‖written out − autograd‖ / ‖autograd‖: 10⁻⁶ on quadratics (measured: at most 1.7 × 10⁻⁷), 3 × 10⁻⁵ on
    /// the networks (measured: at most 1.1 × 10⁻⁵). The written-out steps run without a graph, so they take tanh as
    /// 2σ(2x) − 1 (CoordinatewiseLstm), a few parts in 10⁷ off; the networks' gradients pass that on larger (with tanh
    /// itself in those steps the networks' gap was 2 × 10⁻⁶).
    /// </summary>
    public static TheoryData<string, PreprocessingKind, MetaLossWeighting, bool, double> Cases => new()
    {
        { "quadratic", PreprocessingKind.LogAndSign, MetaLossWeighting.Uniform, false, 1e-6 },
        { "quadratic", PreprocessingKind.None, MetaLossWeighting.Increasing, false, 1e-6 },
        { "quadratic", PreprocessingKind.Rnnprop, MetaLossWeighting.Uniform, true, 1e-6 },
        { "mnist-mlp", PreprocessingKind.LogAndSign, MetaLossWeighting.Increasing, false, 3e-5 },
        { "mnist-mlp", PreprocessingKind.Rnnprop, MetaLossWeighting.Uniform, false, 3e-5 },
        { "mixture", PreprocessingKind.LogAndSign, MetaLossWeighting.Uniform, true, 3e-5 },
    };

    /// <summary>
    /// Over five truncations that cross an episode's end, with the gradient normalized (the optimizer sees g / ‖g‖, the
    /// meta-loss moves with g) or not.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void TheWrittenOutMetaGradientIsAutogradsOverEveryTruncation(string name, PreprocessingKind preprocessing, MetaLossWeighting weighting, bool normalizeGradient, double bound)
    {
        var inner = SmallFamilies.Named(name, _folder.Path);
        IProblemFamily family = normalizeGradient ? new GradientNormalizedFamily(inner) : inner;
        var spec = TrainingSpecs.ForFamily(family) with
        {
            Unroll = 4,
            Horizon = 8,
            Problems = 3,
            HiddenSizes = [6, 5],
            Preprocessing = preprocessing,
            LossWeighting = weighting,
            OutputScale = 0.1,
            Mixture = (inner as MixtureFamily)?.Mixture,
        };
        var phi = spec.InitialPhi();
        using var writtenOut = new TruncatedUnroller(spec, family, CPU, 0, spec.Problems, backward: TruncationBackward.WrittenOut);
        using var autograd = new TruncatedUnroller(spec, family, CPU, 0, spec.Problems, backward: TruncationBackward.Autograd);

        for (var truncation = 0; truncation < 5; truncation++)
        {
            var fast = writtenOut.Unroll(phi);
            var reference = autograd.Unroll(phi);

            Assert.Equal(reference.MetaLoss, fast.MetaLoss, 1e-5 * Math.Abs(reference.MetaLoss));
            Assert.Equal(reference.FinalLoss, fast.FinalLoss, 1e-5 * Math.Abs(reference.FinalLoss));
            Assert.InRange(RelativeDistance(fast.Gradient, reference.Gradient), 0, bound);
        }
    }

    private static double RelativeDistance(float[] a, float[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => ((double)x - y) * ((double)x - y)).Sum()) / Math.Sqrt(b.Sum(y => (double)y * y));
}
