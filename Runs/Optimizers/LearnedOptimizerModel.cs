using System.Collections.Immutable;

namespace L2LCluster.Runs.Optimizers;

/// <summary>
/// A trained coordinatewise LSTM optimizer: its architecture, its parameter groups (one network each; none: one
/// network) and its weights φ, the networks' weights one after the other.
/// </summary>
public sealed record LearnedOptimizerModel
{
    public LearnedOptimizerModel(OptimizerArchitecture architecture, float[] parameters, IReadOnlyList<ParameterGroup>? parameterGroups = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        var groups = parameterGroups?.ToImmutableArray() ?? [];
        var count = ParameterCountOf(architecture, groups);
        if (parameters.Length != count)
        {
            throw new ArgumentException($"{NetworkCount(groups)} × {architecture} has {count} parameters; got {parameters.Length}.", nameof(parameters));
        }

        if (!FloatVectors.AllFinite(parameters))
        {
            throw new ArgumentException("The optimizer's parameters must all be finite.", nameof(parameters));
        }

        Architecture = architecture;
        Parameters = parameters;
        ParameterGroups = groups;
    }

    public OptimizerArchitecture Architecture { get; }

    public float[] Parameters { get; }

    public ImmutableArray<ParameterGroup> ParameterGroups { get; }

    /// <summary>Optimizer networks: one per parameter group, one for all coordinates without groups.</summary>
    public static int NetworkCount(IReadOnlyCollection<ParameterGroup> groups) => Math.Max(1, groups.Count);

    /// <summary>The length of φ for these networks.</summary>
    public static int ParameterCountOf(OptimizerArchitecture architecture, IReadOnlyCollection<ParameterGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(groups);
        return checked(NetworkCount(groups) * architecture.ParameterCount);
    }
}
