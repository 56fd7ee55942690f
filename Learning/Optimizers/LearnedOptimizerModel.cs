using L2LCluster.Learning.Training;

namespace L2LCluster.Learning.Optimizers;

/// <summary>A trained coordinatewise LSTM optimizer: its architecture and its weights φ.</summary>
public sealed record LearnedOptimizerModel
{
    public LearnedOptimizerModel(OptimizerArchitecture architecture, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length != architecture.ParameterCount)
        {
            throw new ArgumentException($"{architecture} has {architecture.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        }

        if (!FloatVectors.AllFinite(parameters))
        {
            throw new ArgumentException("The optimizer's parameters must all be finite.", nameof(parameters));
        }

        Architecture = architecture;
        Parameters = parameters;
    }

    public OptimizerArchitecture Architecture { get; }

    public float[] Parameters { get; }
}
