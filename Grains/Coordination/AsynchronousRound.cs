using System.Diagnostics;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Coordination;

/// <summary>
/// What the worker loops of one asynchronous round share: the gradients gathered towards the next update, which
/// accept any φ version within the staleness bound, the current φ as the bytes every request carries (encoded once
/// per version, not once per request), and the time since the last update.
/// </summary>
public sealed class AsynchronousRound(AsynchronousMode mode, int gradientsPerUpdate, long phiVersion, float[] phi)
{
    public AsynchronousMode Mode { get; } = mode;

    public int GradientsPerUpdate { get; } = gradientsPerUpdate;

    public GradientIntake Intake { get; private set; } = NewIntake(mode, phiVersion, phi.Length);

    public byte[] PhiBytes { get; private set; } = FloatPayload.ToBytes(phi);

    public Stopwatch SinceLastUpdate { get; } = Stopwatch.StartNew();

    /// <summary>After an update to <paramref name="phiVersion"/>: an empty intake, φ's new bytes and a fresh clock.</summary>
    public void Restart(long phiVersion)
    {
        Intake = NewIntake(Mode, phiVersion, phi.Length);
        PhiBytes = FloatPayload.ToBytes(phi);
        SinceLastUpdate.Restart();
    }

    private static GradientIntake NewIntake(AsynchronousMode mode, long phiVersion, int phiLength) =>
        new(phiVersion - mode.MaxStaleness, phiVersion, phiLength);
}
