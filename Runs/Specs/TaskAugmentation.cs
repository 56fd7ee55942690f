using System.Collections.Immutable;
using System.Globalization;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// Task augmentation after learned_optimization's ReparamWeights: every problem is optimized in θ′ with θ = s ⊙ θ′,
/// one scale s per parameter tensor drawn log-uniformly from <see cref="ReparamScale"/> [MIN, MAX] by the problem's
/// own seed. The loss of every θ is unchanged; the optimizer sees gradients s times θ's, so it must learn to cope
/// with badly scaled parameters.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.TaskAugmentation")]
public sealed record TaskAugmentation
{
    /// <summary>The widest range: beyond it float32 gradients of ordinary problems overflow or vanish.</summary>
    public const double MinScale = 1e-6;
    public const double MaxScale = 1e6;

    [Id(0)]
    public ImmutableArray<double>? ReparamScale { get; init; }

    public TaskAugmentation Validate()
    {
        if (ReparamScale is { } bounds)
        {
            InvalidSettingException.ThrowUnless(
                !bounds.IsDefault && bounds.Length == 2 && bounds[0] >= MinScale && bounds[0] <= bounds[1] && bounds[1] <= MaxScale,
                SpecFields.ReparamScale,
                $"must be [MIN, MAX] with {MinScale.ToString("0e0", CultureInfo.InvariantCulture)} ≤ MIN ≤ MAX ≤ {MaxScale.ToString("0e0", CultureInfo.InvariantCulture)}; got [{(bounds.IsDefault ? "" : string.Join(", ", bounds.Select(bound => bound.ToString(CultureInfo.InvariantCulture))))}].");
        }

        return this;
    }
}
