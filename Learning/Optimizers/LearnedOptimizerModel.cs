using L2LCluster.Learning.Training;

namespace L2LCluster.Learning.Optimizers;

/// <summary>A trained coordinatewise LSTM optimizer: its architecture, its parameter groups (one network each; none: one network) and its weights φ.</summary>
public sealed record LearnedOptimizerModel
{
    public LearnedOptimizerModel(OptimizerArchitecture architecture, float[] parameters, IReadOnlyList<ParameterGroup>? parameterGroups = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        var networks = new OptimizerNetworks(architecture, parameterGroups);
        if (parameters.Length != networks.ParameterCount)
        {
            throw new ArgumentException($"{networks.Count} × {architecture} has {networks.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        }

        if (!FloatVectors.AllFinite(parameters))
        {
            throw new ArgumentException("The optimizer's parameters must all be finite.", nameof(parameters));
        }

        Architecture = architecture;
        Parameters = parameters;
        ParameterGroups = networks.Groups;
    }

    public OptimizerArchitecture Architecture { get; }

    public float[] Parameters { get; }

    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    public OptimizerNetworks Networks => new(Architecture, ParameterGroups);
}
