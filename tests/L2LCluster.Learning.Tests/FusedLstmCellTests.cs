using System.Runtime.InteropServices;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>The native LSTM cell (FusedLstmCell) must be libtorch's cell, forward and backward, to float rounding.</summary>
public sealed class FusedLstmCellTests
{
    private static readonly OptimizerArchitecture Architecture = new([20, 20], GradientPreprocessing.LogAndSign(), 0.1);

    [Fact]
    public void TheNativeCellIsBuiltAndLoadsWhereverGccIsOnLinuxX64()
    {
        var buildable = OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64 && File.Exists("/usr/bin/gcc");

        Assert.Equal(buildable, FusedLstmCell.IsAvailable);
    }

    /// <summary>
    /// Five recorded steps from the zero state and their meta-gradient, through the native cell, through libtorch's
    /// operations and through libtorch's in float64: φ as initialized (measured: 2.0 × 10⁻⁷ apart at most),
    /// and φ times 30, whose gates saturate and whose cell states grow past where tanh is 1 in float. There a last bit of
    /// σ near 1 moves σ(1 − σ) by a part in 10⁵ or more, and the two float paths differ by up to 1.0 × 10⁻⁵ on the φ
    /// gradient, each about as far from float64 (measured: native 9.8 × 10⁻⁶, libtorch 1.6 × 10⁻⁵). Gradients span seven
    /// decades, so that some cell states stay near 0, where tanh must keep its relative precision.
    /// </summary>
    [Theory]
    [InlineData(1.0, 1e-6)]
    [InlineData(30.0, 3e-5)]
    public void TheNativeCellGivesLibtorchsUpdatesStatesAndMetaGradientToFloatRounding(double phiScale, double bound)
    {
        Assert.True(FusedLstmCell.IsAvailable, "the native cell is built where gcc is (Learning/Native/Native.targets); test.sh installs gcc");
        Assert.Equal(1, get_num_threads());
        var network = new CoordinatewiseLstm(Architecture);
        using var scope = NewDisposeScope();
        var values = network.InitialParameters(seed: 9, ParameterInitialization.Uniform).Select(value => (float)(value * phiScale)).ToArray();
        var gradients = randn(5, 400, generator: new Generator(31)).mul_(logspace(-6, 1, 400));

        var native = Run(network, values, gradients, ScalarType.Float32);
        Outcome libtorch, exact;
        using (FusedLstmCell.LibtorchOnlyOnThisThread())
        {
            libtorch = Run(network, values, gradients, ScalarType.Float32);
            exact = Run(network, values, gradients, ScalarType.Float64);
        }

        Assert.True(native.PhiGradient.isfinite().all().item<bool>());
        Assert.InRange(native.DistanceTo(libtorch), 1e-9, bound);
        Assert.InRange(native.DistanceTo(exact), 0, (1.5 * libtorch.DistanceTo(exact)) + 1e-7);
    }

    private static Outcome Run(CoordinatewiseLstm network, float[] values, Tensor gradients, ScalarType dtype)
    {
        var phi = tensor(values).to(dtype).requires_grad_(true);
        var weights = network.Bind(phi);
        var state = network.InitialState(gradients.shape[1], CPU, dtype);
        var updates = new Tensor[gradients.shape[0]];
        var loss = zeros(1, dtype);
        for (var step = 0; step < updates.Length; step++)
        {
            var gradient = gradients[step].to(dtype);
            (updates[step], state) = network.Step(weights, gradient, state);
            loss = loss + (updates[step] * gradient).sum();
        }

        return new Outcome([.. updates.Select(update => update.detach())], state.Detach(), autograd.grad([loss], [phi])[0]);
    }

    /// <summary>Every step's updates, the final states and the φ gradient of a run.</summary>
    private sealed record Outcome(Tensor[] Updates, CoordinateState State, Tensor PhiGradient)
    {
        /// <summary>The largest relative distance, in float64, between this run's tensors and the other's.</summary>
        public double DistanceTo(Outcome other) =>
            Updates.Zip(other.Updates)
                .Concat(State.Hidden.Zip(other.State.Hidden))
                .Concat(State.Cell.Zip(other.State.Cell))
                .Append((First: PhiGradient, Second: other.PhiGradient))
                .Max(pair => RelativeDistance(pair.First, pair.Second));
    }

    private static double RelativeDistance(Tensor a, Tensor b)
    {
        var (x, y) = (a.to(ScalarType.Float64), b.to(ScalarType.Float64));
        return (x - y).norm().item<double>() / y.norm().item<double>();
    }
}
