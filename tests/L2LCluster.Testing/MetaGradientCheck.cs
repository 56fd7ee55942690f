using static TorchSharp.torch;

namespace L2LCluster.Testing;

/// <summary>A meta-loss's gradient by autograd beside central finite differences, at chosen coordinates of φ.</summary>
public static class MetaGradientCheck
{
    /// <param name="metaLoss">φ → the meta-loss, a one-element tensor whose graph reaches φ.</param>
    /// <param name="phi">Where to compare (float64, so that differencing is not lost in round-off).</param>
    /// <param name="coordinates">The coordinates of φ compared.</param>
    /// <param name="step">h of (L(φ + h eᵢ) − L(φ − h eᵢ)) / 2h.</param>
    public static IReadOnlyList<(int Coordinate, double Autograd, double FiniteDifference)> Compare(Func<Tensor, Tensor> metaLoss, Tensor phi, IReadOnlyList<int> coordinates, double step)
    {
        ArgumentNullException.ThrowIfNull(metaLoss);
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(coordinates);
        var differentiable = phi.clone().requires_grad_(true);
        var analytic = autograd.grad([metaLoss(differentiable)], [differentiable], retain_graph: false)[0].data<double>().ToArray();
        double At(int coordinate, double shift)
        {
            var shifted = phi.clone();
            shifted[coordinate] = shifted[coordinate] + shift;
            return metaLoss(shifted).item<double>();
        }

        return [.. coordinates.Select(coordinate => (coordinate, analytic[coordinate], (At(coordinate, step) - At(coordinate, -step)) / (2 * step)))];
    }
}
