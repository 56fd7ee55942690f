using L2LCluster.Runs.Optimizers;

namespace L2LCluster.Benchmarks;

/// <summary>
/// The work of one coordinate-step of the learned optimizer, counted the way model-FLOP utilisation is: the matrix
/// products only (each LSTM layer's fused gate product and the output map), forward plus a backward of twice the
/// forward. Elementwise work (gates, preprocessing, the optimizee) is left out, so the fraction of the ceiling it
/// gives is a lower bound on the device's busy share.
/// </summary>
internal static class LstmFlops
{
    private const int ForwardAndBackward = 3;

    public static double PerCoordinateStep(OptimizerArchitecture architecture)
    {
        double forward = 0;
        var inputs = architecture.InputFeatures;
        foreach (var hidden in architecture.HiddenSizes)
        {
            forward += 2.0 * (inputs + hidden) * 4 * hidden;
            inputs = hidden;
        }

        forward += 2.0 * inputs;
        return ForwardAndBackward * forward;
    }
}
