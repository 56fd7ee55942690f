using L2LCluster.Learning.Randomness;
using L2LCluster.Runs.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// The learned optimizer m(∇, h; φ) as a pure function of a flat φ, so that meta-gradients ∂L/∂φ come from one
/// autograd call and φ crosses process boundaries as a plain array. Every coordinate of every problem is one row
/// of the batch; all rows share φ. Per layer, one fused matrix product computes all four gates of all rows:
/// gates = [x, h]·W + b with W of [inputs + hidden, 4·hidden] and the gates ordered (input, forget, output, cell).
/// The cell's tanh(g) is taken as 2σ(2g) − 1 with the doubling folded into the bound weights, so that one sigmoid
/// covers all four gates. The last hidden state goes through a linear map to one output, times the output scale: that
/// is the update added to θ.
/// </summary>
public sealed class CoordinatewiseLstm(OptimizerArchitecture architecture) : ICoordinatewiseNetwork
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

    /// <summary>
    /// The weights of φ per layer, made once per unroll; gradients flow back into φ through them. φ is one vector, or one
    /// per branch ([branches, φ's length]: the perturbed copies of evolution strategies), whose rows then each step
    /// their own block of coordinates. The cell candidate's columns are doubled (exactly, in floating point), so that
    /// its sigmoid is σ(2g) of the pre-activation g that φ defines.
    /// </summary>
    public NetworkWeights Bind(Tensor phi)
    {
        if (phi.shape.Length is not (1 or 2) || phi.shape[^1] != ParameterCount)
        {
            throw new ArgumentException($"φ must be a vector of {ParameterCount} values for {Architecture}, or one such vector per branch; got shape [{string.Join(", ", phi.shape)}].", nameof(phi));
        }

        // A weight [k, m] and a bias [m]; per branch [branches, k, m] and [branches, 1, m], for one bmm and a broadcast add.
        var branched = phi.shape.Length == 2;
        Tensor Matrix(long start, long rows, long columns) => phi.narrow(-1, start, rows * columns).reshape(branched ? [phi.shape[0], rows, columns] : [rows, columns]);
        Tensor Bias(long start, long columns) => phi.narrow(-1, start, columns).reshape(branched ? [phi.shape[0], 1, columns] : [columns]);
        var layers = new (Tensor Weight, Tensor Bias)[Architecture.HiddenSizes.Length];
        long offset = 0;
        long inputs = Architecture.InputFeatures;
        for (var layer = 0; layer < layers.Length; layer++)
        {
            long hidden = Architecture.HiddenSizes[layer];
            var weightCount = (inputs + hidden) * 4 * hidden;
            var candidateDoubled = CandidateDoubled(hidden, phi);
            layers[layer] = (Matrix(offset, inputs + hidden, 4 * hidden).mul(candidateDoubled), Bias(offset + weightCount, 4 * hidden).mul(candidateDoubled));
            offset += weightCount + 4 * hidden;
            inputs = hidden;
        }

        return new NetworkWeights(layers, Matrix(offset, inputs, 1), Bias(offset + inputs, 1));
    }

    /// <summary>Zero hidden and cell states per layer, and after the hidden states the preprocessing's accumulators (RNNprop's).</summary>
    public CoordinateState InitialState(long coordinates, Device device, ScalarType dtype = ScalarType.Float32)
    {
        var layers = CoordinateState.Zeros(Architecture.HiddenSizes, coordinates, device, dtype);
        return new CoordinateState([.. layers.Hidden, .. Architecture.Preprocessing.InitialAccumulators(coordinates, device, dtype)], layers.Cell);
    }

    /// <summary>The LSTM sees gradients only: θ does not enter it.</summary>
    (Tensor Update, CoordinateState State) ICoordinatewiseNetwork.Step(NetworkWeights weights, Tensor gradient, Tensor parameters, CoordinateState state)
    {
        var (update, next) = Step(weights, gradient.reshape(-1), state);
        return (update.view(gradient.shape), next);
    }

    /// <summary>
    /// One optimizer step for every coordinate: gradients [n] (already detached or not, as the caller decides)
    /// and the state before; returns the updates [n] and the state after. With weights of one φ per branch, the n rows
    /// are the branches' blocks one after the other. Tensors are created in the caller's dispose scope. Without a graph
    /// on the CPU the rows go through in cache-sized blocks (<see cref="CacheSizedBlocks"/>).
    /// </summary>
    public (Tensor Update, CoordinateState State) Step(NetworkWeights weights, Tensor gradient, CoordinateState state)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(state);
        var layers = weights.Layers.Count;
        if (state.Hidden.Length != layers + Architecture.Preprocessing.Accumulators || state.Cell.Length != layers)
        {
            throw new ArgumentException($"The {Architecture} optimizer's state holds a hidden and a cell state per layer and {Architecture.Preprocessing.Accumulators} accumulators; got {state.Hidden.Length} and {state.Cell.Length} tensors.", nameof(state));
        }

        return CacheSizedBlocks.Apply(gradient) ? CacheSizedBlocks.Step(weights, gradient, state, StepAllRows) : StepAllRows(weights, gradient, state);
    }

    private (Tensor Update, CoordinateState State) StepAllRows(NetworkWeights weights, Tensor gradient, CoordinateState state)
    {
        var layers = weights.Layers.Count;
        var (input, accumulators) = Architecture.Preprocessing.Apply(gradient, state.Hidden.AsSpan(layers));
        var (update, hidden, cell) = FromInput(weights, input, state.Hidden.AsSpan(0, layers), state.Cell);
        return (update, new CoordinateState([.. hidden, .. accumulators], cell));
    }

    /// <summary>
    /// One step of every row from its preprocessed input [rows, input features] and its layers' hidden and cell states:
    /// the updates [rows] and the layers' states after. Where a graph is recorded the layers work on [features, rows]
    /// (transposed views in, the states out as transposed views of [hidden, rows]): each gate is then a contiguous slab
    /// and every elementwise pass, forward and backward, runs along the rows, where [rows, gates] hands libtorch strided
    /// rows of 20 values (quadratics of 10,240 rows, with the one sigmoid: 1.27× the meta-iterations per second,
    /// docs/performance.md). On the CPU the cell itself is then one native pass forward and one backward
    /// (<see cref="FusedLstmCell"/>, 1.36× more).
    /// </summary>
    internal (Tensor Update, Tensor[] Hidden, Tensor[] Cell) FromInput(NetworkWeights weights, Tensor input, ReadOnlySpan<Tensor> hiddenBefore, ReadOnlySpan<Tensor> cellBefore)
    {
        var layers = weights.Layers.Count;
        // With no graph to keep (evaluation, ES and PES, a model's optimizer at home) the cell takes its cheaper form.
        var withoutGraph = !is_grad_enabled();
        var featureMajor = !withoutGraph && weights.Branches == 1;
        var hiddenStates = new Tensor[layers];
        var cellStates = new Tensor[layers];
        for (var layer = 0; layer < layers; layer++)
        {
            var hidden = Architecture.HiddenSizes[layer];
            var (weight, bias) = weights.Layers[layer];
            if (featureMajor)
            {
                var gates = addmm(bias.view(-1, 1), weight.t(), cat([input.t(), hiddenBefore[layer].t()], 0), beta: 1, alpha: 1);
                var (hiddenState, cellState) = FusedLstmCell.Applies(gates)
                    ? FusedLstmCell.Apply(gates, cellBefore[layer].t())
                    : Cell(gates, cellBefore[layer].t(), hidden, gateDimension: 0);
                (hiddenStates[layer], cellStates[layer]) = (hiddenState.t(), cellState.t());
            }
            else
            {
                var gates = Affine(bias, cat([input, hiddenBefore[layer]], 1), weight);
                (hiddenStates[layer], cellStates[layer]) = withoutGraph
                    ? CellWithoutGraph(gates, cellBefore[layer], hidden)
                    : Cell(gates, cellBefore[layer], hidden, gateDimension: 1);
            }

            input = hiddenStates[layer];
        }

        var update = featureMajor
            ? addmm(weights.OutputBias.view(1, 1), weights.OutputWeight.t(), input.t(), beta: 1, alpha: 1)
            : Affine(weights.OutputBias, input, weights.OutputWeight);
        return (update.mul_(Architecture.OutputScale).view(-1), hiddenStates, cellStates);
    }

    /// <summary>
    /// The cell from its gate pre-activations, the candidate's doubled by <see cref="Bind"/>: c′ = f ⊙ c + i ⊙ tanh(g)
    /// with tanh(g) = 2σ(2g) − 1, so that one sigmoid covers all four gates; h′ = o ⊙ tanh(c′). The gates lie along
    /// <paramref name="gateDimension"/>: 1 for [rows, gates], 0 for [gates, rows], where every gate is one contiguous
    /// slab and each elementwise pass runs the length of the rows. The sigmoid overwrites the pre-activations, which the
    /// product that made them does not need for its backward.
    /// </summary>
    private static (Tensor Hidden, Tensor Cell) Cell(Tensor gateInputs, Tensor cell, long hidden, int gateDimension)
    {
        var sigmoids = gateInputs.sigmoid_().split(hidden, gateDimension);
        var next = addcmul(sigmoids[1] * cell, sigmoids[0], sigmoids[3], value: 2) - sigmoids[0];
        return (sigmoids[2] * next.tanh(), next);
    }

    /// <summary>
    /// The same cell where no graph is recorded, on fewer and cheaper passes: activations overwrite the gates they come
    /// from, and the cell output's tanh too is taken as 2σ(2x) − 1, folded into the products around it
    /// (h′ = o ⊙ (2σ(2c′) − 1)). libtorch's tanh on the CPU is MKL's, which cost five times its sigmoid per value on the
    /// 2-core dev machine and a quarter of an ES step; the two forms agree to a few parts in 10⁷ of the activations' range.
    /// </summary>
    private static (Tensor Hidden, Tensor Cell) CellWithoutGraph(Tensor gateInputs, Tensor cell, long hidden)
    {
        var sigmoids = gateInputs.sigmoid_().split(hidden, 1);
        var (inputGate, forgetGate, outputGate, candidate) = (sigmoids[0], sigmoids[1], sigmoids[2], sigmoids[3]);
        var next = (forgetGate * cell).addcmul_(inputGate, candidate, value: 2).sub_(inputGate);
        var hiddenState = next.mul(2).sigmoid_().sub_(0.5).mul_(outputGate).mul_(2);
        return (hiddenState, next);
    }

    /// <summary>Per gate column, the factor <see cref="Bind"/> multiplies the weights by: 1, and 2 for the cell candidate.</summary>
    private static Tensor CandidateDoubled(long hidden, Tensor like) =>
        cat([ones(3 * hidden, like.dtype, like.device), full(hidden, 2, like.dtype, like.device)]);

    /// <summary>
    /// input · weight + bias for rows [n, k]: one matrix product for weights of one φ, or one per branch for weights
    /// bound from one φ per branch ([branches, k, m]), each branch taking its own n / branches consecutive rows.
    /// </summary>
    internal static Tensor Affine(Tensor bias, Tensor input, Tensor weight)
    {
        if (weight.dim() == 2)
        {
            return addmm(bias, input, weight, beta: 1, alpha: 1);
        }

        // Per branch, the bias broadcast first and the product accumulated onto it (beta = 1): a bmm would have MKL zero
        // its output and then take another pass to add the bias. Not baddbmm: TorchSharp 0.107 hands its operands to
        // libtorch rotated (the receiver becomes batch1).
        var branches = weight.shape[0];
        var rows = input.shape[0] / branches;
        var output = bias.expand(branches, rows, weight.shape[2]).contiguous();
        for (var branch = 0L; branch < branches; branch++)
        {
            output[branch].addmm_(input.narrow(0, branch * rows, rows), weight[branch]);
        }

        return output.view(-1, weight.shape[2]);
    }
}
