using System.Collections.Immutable;

namespace L2LCluster.Runs.Specs;

/// <summary>The range of condition numbers a quadratic problem draws from, checked once wherever it is given.</summary>
public static class QuadraticConditioning
{
    /// <summary>At κ = 10⁸ float32's seven digits hold the smallest curvature's share of a product barely above rounding.</summary>
    public const double MaxConditionNumber = 1e8;

    /// <param name="field">The spec field or flag that gave the range, named in the refusal.</param>
    public static ImmutableArray<double> Validate(ImmutableArray<double> range, string field)
    {
        InvalidSettingException.ThrowUnless(
            !range.IsDefault && range.Length == 2 && double.IsFinite(range[0]) && double.IsFinite(range[1]) && range[0] >= 1 && range[0] <= range[1] && range[1] <= MaxConditionNumber,
            field,
            $"must be [MIN, MAX] condition numbers with 1 ≤ MIN ≤ MAX ≤ 10⁸; got [{(range.IsDefault ? "" : string.Join(", ", range.Select(bound => bound.ToString(System.Globalization.CultureInfo.InvariantCulture))))}].");
        return range;
    }
}
