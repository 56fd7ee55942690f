using System.Runtime.InteropServices;
using L2LCluster.Contracts;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Coordination;

/// <summary>
/// The coordinator's side of one meta-iteration's answers: each worker's gradient is checked (φ version, length,
/// every value finite) straight from its bytes and, if sound, added into one running weighted sum; no per-worker
/// array is kept, so the cost stays flat in memory with a thousand workers. A synchronous iteration accepts only the
/// current φ version; an asynchronous update a window of recent ones.
/// </summary>
public sealed class GradientIntake(long oldestVersion, long newestVersion, int phiLength)
{
    private readonly MetaGradientAccumulator _sum = new(phiLength);

    public int Accepted => _sum.Count;

    /// <summary>Adds the gradient, or returns why it cannot be applied (and leaves the sum as it was).</summary>
    public string? Accept(WorkerGradient gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.PhiVersion < oldestVersion || gradient.PhiVersion > newestVersion)
        {
            var expected = oldestVersion == newestVersion ? $"{newestVersion}" : $"{oldestVersion} to {newestVersion}";
            return $"rejected: computed under φ version {gradient.PhiVersion}, expected {expected}";
        }

        if (gradient.Gradient.Length != phiLength * sizeof(float))
        {
            return $"rejected: {gradient.Gradient.Length} gradient bytes, expected {phiLength * sizeof(float)}";
        }

        var values = MemoryMarshal.Cast<byte, float>(gradient.Gradient);
        if (!gradient.IsFinite || !FloatVectors.AllFinite(values) || !double.IsFinite(gradient.MetaLoss) || !double.IsFinite(gradient.FinalLoss) || gradient.ProblemCount < 1)
        {
            return "rejected: the gradient or loss is not finite";
        }

        _sum.Add(values, gradient.ProblemCount, gradient.MetaLoss, gradient.FinalLoss, gradient.Steps, gradient.Coordinates, isFinite: true);
        return null;
    }

    /// <summary>The weighted average of the accepted gradients.</summary>
    public MetaGradient Average() => _sum.Result();
}
