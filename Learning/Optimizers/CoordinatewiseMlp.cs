using L2LCluster.Learning.Randomness;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// A per-parameter MLP learned optimizer in the style of Metz et al. 2022 (learned_optimization's small_fc_lopt), as a
/// pure function of a flat φ. Each coordinate's features (<see cref="MlpFeatures"/>) go through ReLU layers to two
/// outputs, a direction d and a log-magnitude m, and the update is d·exp(m·β_mag)·β_step: with small constants an
/// untrained network makes small steps, and φ learns both the direction and the scale. φ is laid out layer by layer,
/// weight [inputs, outputs] then bias, the output layer last. Its state per coordinate is the accumulators, so it has no
/// recurrence of its own and the work per coordinate-step is a few small matrix products.
/// </summary>
public sealed class CoordinatewiseMlp : ICoordinatewiseNetwork
{
    /// <summary>β_step: the update's overall scale (learned_optimization's step_mult).</summary>
    public const double StepScale = 0.001;

    /// <summary>β_mag: how strongly m changes the magnitude (learned_optimization's exp_mult).</summary>
    public const double MagnitudeScale = 0.001;

    public CoordinatewiseMlp(OptimizerArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.Kind != OptimizerKind.Mlp)
        {
            throw new ArgumentException($"{architecture} is not an MLP optimizer.", nameof(architecture));
        }

        Architecture = architecture;
    }

    public OptimizerArchitecture Architecture { get; }

    public int ParameterCount => Architecture.ParameterCount;

    /// <summary>Weights and biases uniform in ±1/√fan-in (TorchSharp's Linear default), from the seed alone.</summary>
    public float[] InitialParameters(ulong seed, ParameterInitialization initialization)
    {
        var phi = new float[ParameterCount];
        if (initialization == ParameterInitialization.Zeros)
        {
            return phi;
        }

        var random = new DeterministicRandom(SeedSequence.Derive(seed, 0x6d6c7000UL));
        var offset = 0;
        foreach (var (inputs, outputs) in Layers())
        {
            var bound = 1.0 / Math.Sqrt(inputs);
            random.FillUniform(phi.AsSpan(offset, (inputs * outputs) + outputs), -bound, bound);
            offset += (inputs * outputs) + outputs;
        }

        return phi;
    }

    public NetworkWeights Bind(Tensor phi)
    {
        if (phi.shape.Length is not (1 or 2) || phi.shape[^1] != ParameterCount)
        {
            throw new ArgumentException($"φ must be a vector of {ParameterCount} values for {Architecture}, or one such vector per branch; got shape [{string.Join(", ", phi.shape)}].", nameof(phi));
        }

        var branched = phi.shape.Length == 2;
        var layers = new List<(Tensor Weight, Tensor Bias)>();
        long offset = 0;
        foreach (var (inputs, outputs) in Layers())
        {
            var weight = phi.narrow(-1, offset, (long)inputs * outputs).reshape(branched ? [phi.shape[0], inputs, outputs] : [inputs, outputs]);
            var bias = phi.narrow(-1, offset + ((long)inputs * outputs), outputs).reshape(branched ? [phi.shape[0], 1, outputs] : [outputs]);
            layers.Add((weight, bias));
            offset += ((long)inputs * outputs) + outputs;
        }

        var output = layers[^1];
        layers.RemoveAt(layers.Count - 1);
        return new NetworkWeights(layers, output.Weight, output.Bias);
    }

    public CoordinateState InitialState(long coordinates, Device device, ScalarType dtype = ScalarType.Float32) =>
        MlpFeatures.InitialState(coordinates, device, dtype);

    public (Tensor Update, CoordinateState State) Step(NetworkWeights weights, Tensor gradient, Tensor parameters, CoordinateState state)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(state);
        if (gradient.dim() != 2 || !gradient.shape.SequenceEqual(parameters.shape))
        {
            throw new ArgumentException($"The MLP optimizer steps gradients and parameters of one shape [rows, columns]; got [{string.Join(", ", gradient.shape)}] and [{string.Join(", ", parameters.shape)}].", nameof(gradient));
        }

        var (input, next) = MlpFeatures.Compute(gradient, parameters, state);
        foreach (var (weight, bias) in weights.Layers)
        {
            input = CoordinatewiseLstm.Affine(bias, input, weight).relu();
        }

        var output = CoordinatewiseLstm.Affine(weights.OutputBias, input, weights.OutputWeight);
        var direction = output.select(1, 0);
        var magnitude = output.select(1, 1);
        var update = (direction * (magnitude * MagnitudeScale).exp() * StepScale).view(gradient.shape);
        return (update, next);
    }

    /// <summary>(inputs, outputs) of every layer, the output layer last.</summary>
    private IEnumerable<(int Inputs, int Outputs)> Layers()
    {
        var inputs = Architecture.InputFeatures;
        foreach (var hidden in Architecture.HiddenSizes)
        {
            yield return (inputs, hidden);
            inputs = hidden;
        }

        yield return (inputs, OptimizerArchitecture.MlpOutputs);
    }
}
