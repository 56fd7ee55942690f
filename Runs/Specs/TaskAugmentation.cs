using System.Collections.Immutable;
using System.Globalization;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// Task augmentation after learned_optimization's ReparamWeights and NormalizeTaskGradient: every problem is optimized
/// in θ′ with θ = s ⊙ θ′, one scale s per parameter tensor drawn log-uniformly from <see cref="ReparamScale"/> [MIN, MAX]
/// by the problem's own seed, and, with <see cref="NormalizeGradient"/>, the optimizer sees each problem's gradient
/// divided by its L2 norm. The loss of every θ is unchanged; the optimizer must learn to cope with badly scaled
/// parameters and with gradients that carry no magnitude.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.TaskAugmentation")]
public sealed record TaskAugmentation
{
    /// <summary>The widest range: beyond it float32 gradients of ordinary problems overflow or vanish.</summary>
    public const double MinScale = 1e-6;
    public const double MaxScale = 1e6;

    [Id(0)]
    public ImmutableArray<double>? ReparamScale { get; init; }

    /// <summary>
    /// true: the gradient each problem hands the optimizer is g / ‖g‖₂, the norm over all of the problem's coordinates
    /// (after the reparametrization, so it is the gradient in θ′ that has norm 1). Null or false: the gradient as it is.
    /// </summary>
    [Id(1)]
    public bool? NormalizeGradient { get; init; }

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
