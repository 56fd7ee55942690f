using L2LCluster.Learning.Randomness;
using L2LCluster.Runs.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// The learned optimizer m(∇, h; φ) as a pure function of a flat φ, so that meta-gradients ∂L/∂φ come from one
/// autograd call and φ crosses process boundaries as a plain array. Every coordinate of every problem is one row
/// of the batch; all rows share φ. Per layer, one fused matrix product computes all four gates of all rows:
/// gates = [x, h]·W + b with W of [inputs + hidden, 4·hidden] and the gates ordered (input, forget, output, cell)
/// so that one sigmoid covers the first three. The last hidden state goes through a linear map to one output,
/// times the output scale: that is the update added to θ.
/// </summary>
public sealed class CoordinatewiseLstm(OptimizerArchitecture architecture)
{
    public OptimizerArchitecture Architecture { get; } = architecture;

    public int ParameterCount => Architecture.ParameterCount;

    /// <summary>Initial φ from a seed, identical on every machine.</summary>
    public float[] InitialParameters(ulong seed, ParameterInitialization initialization)
    {
        var phi = new float[ParameterCount];
        if (initialization == ParameterInitialization.Zeros)
        {
            return phi;
        }

        var random = new DeterministicRandom(SeedSequence.Derive(seed, 0x70686900UL));
        var offset = 0;
        var inputs = Architecture.InputFeatures;
        foreach (var hidden in Architecture.HiddenSizes)
        {
            var bound = 1.0 / Math.Sqrt(hidden);
            var weightCount = (inputs + hidden) * 4 * hidden;
            random.FillUniform(phi.AsSpan(offset, weightCount + 4 * hidden), -bound, bound);
            phi.AsSpan(offset + weightCount + hidden, hidden).Fill(1.0f);
            offset += weightCount + 4 * hidden;
            inputs = hidden;
        }

        var outputBound = 1.0 / Math.Sqrt(inputs);
        random.FillUniform(phi.AsSpan(offset, inputs + 1), -outputBound, outputBound);
        return phi;
    }

    /// <summary>Views of φ per layer, made once per unroll; gradients flow back into φ through them.</summary>
    public LstmWeights Bind(Tensor phi)
    {
        if (phi.shape.Length != 1 || phi.shape[0] != ParameterCount)
        {
            throw new ArgumentException($"φ must be a vector of {ParameterCount} values for {Architecture}; got shape [{string.Join(", ", phi.shape)}].", nameof(phi));
        }

        var layers = new (Tensor Weight, Tensor Bias)[Architecture.HiddenSizes.Length];
        long offset = 0;
        long inputs = Architecture.InputFeatures;
        for (var layer = 0; layer < layers.Length; layer++)
        {
            long hidden = Architecture.HiddenSizes[layer];
            var weightCount = (inputs + hidden) * 4 * hidden;
            layers[layer] = (phi.narrow(0, offset, weightCount).view(inputs + hidden, 4 * hidden), phi.narrow(0, offset + weightCount, 4 * hidden));
            offset += weightCount + 4 * hidden;
            inputs = hidden;
        }

        return new LstmWeights(layers, phi.narrow(0, offset, inputs).view(inputs, 1), phi.narrow(0, offset + inputs, 1));
    }

    /// <summary>
    /// One optimizer step for every coordinate: gradients [n] (already detached or not, as the caller decides)
    /// and the state before; returns the updates [n] and the state after. Tensors are created in the caller's
    /// dispose scope.
    /// </summary>
    public (Tensor Update, LstmState State) Step(LstmWeights weights, Tensor gradient, LstmState state)
    {
        var input = Architecture.Preprocessing.Apply(gradient);
        var hiddenStates = new Tensor[weights.Layers.Count];
        var cellStates = new Tensor[weights.Layers.Count];
        for (var layer = 0; layer < weights.Layers.Count; layer++)
        {
            var hidden = Architecture.HiddenSizes[layer];
            var (weight, bias) = weights.Layers[layer];
            var gates = addmm(bias, cat([input, state.Hidden[layer]], 1), weight, beta: 1, alpha: 1);
            var sigmoids = gates.narrow(1, 0, 3 * hidden).sigmoid();
            var candidate = gates.narrow(1, 3 * hidden, hidden).tanh();
            var cell = sigmoids.narrow(1, hidden, hidden) * state.Cell[layer] + sigmoids.narrow(1, 0, hidden) * candidate;
            input = sigmoids.narrow(1, 2 * hidden, hidden) * cell.tanh();
            hiddenStates[layer] = input;
            cellStates[layer] = cell;
        }

        var update = addmm(weights.OutputBias, input, weights.OutputWeight, beta: 1, alpha: 1).mul_(Architecture.OutputScale).view(-1);
        return (update, new LstmState(hiddenStates, cellStates));
    }
}
