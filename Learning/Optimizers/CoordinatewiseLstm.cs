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
    /// Views of φ per layer, made once per unroll; gradients flow back into φ through them. φ is one vector, or one
    /// per branch ([branches, φ's length]: the perturbed copies of evolution strategies), whose rows then each step
    /// their own block of coordinates.
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
            layers[layer] = (Matrix(offset, inputs + hidden, 4 * hidden), Bias(offset + weightCount, 4 * hidden));
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
    /// the updates [rows] and the layers' states after.
    /// </summary>
    internal (Tensor Update, Tensor[] Hidden, Tensor[] Cell) FromInput(NetworkWeights weights, Tensor input, ReadOnlySpan<Tensor> hiddenBefore, ReadOnlySpan<Tensor> cellBefore)
    {
        var layers = weights.Layers.Count;
        // With no graph to keep (evaluation, ES and PES, a model's optimizer at home) the cell takes its cheaper form.
        var withoutGraph = !is_grad_enabled();
        var hiddenStates = new Tensor[layers];
        var cellStates = new Tensor[layers];
        for (var layer = 0; layer < layers; layer++)
        {
            var hidden = Architecture.HiddenSizes[layer];
            var (weight, bias) = weights.Layers[layer];
            var gates = Affine(bias, cat([input, hiddenBefore[layer]], 1), weight);
            // Split, not narrow: the backward pass of a split is one concatenation of the pieces' gradients, where
            // every narrow's would fill a zero tensor of the whole width and copy its piece in.
            var pieces = gates.split([3 * hidden, hidden], 1);
            (input, cellStates[layer]) = withoutGraph
                ? CellWithoutGraph(pieces[0], pieces[1], cellBefore[layer], hidden)
                : Cell(pieces[0], pieces[1], cellBefore[layer], hidden);
            hiddenStates[layer] = input;
        }

        var update = Affine(weights.OutputBias, input, weights.OutputWeight).mul_(Architecture.OutputScale).view(-1);
        return (update, hiddenStates, cellStates);
    }

    /// <summary>
    /// The cell from its gate pre-activations: c′ = f ⊙ c + i ⊙ tanh(g), h′ = o ⊙ tanh(c′). Each piece is made contiguous
    /// before its activation: libtorch hands a strided slice to its vector kernels (MKL's tanh among them) one row of 20
    /// or 60 values at a time, and the per-call cost was most of the step.
    /// </summary>
    private static (Tensor Hidden, Tensor Cell) Cell(Tensor gateInputs, Tensor candidateInputs, Tensor cell, long hidden)
    {
        var sigmoids = gateInputs.contiguous().sigmoid().split(hidden, 1);
        var next = (sigmoids[1] * cell) + (sigmoids[0] * candidateInputs.contiguous().tanh());
        return (sigmoids[2] * next.tanh(), next);
    }

    /// <summary>
    /// The same cell where no graph is recorded, on fewer and cheaper passes: activations overwrite the gates they come
    /// from, and tanh is taken as 2σ(2x) − 1, folded into the products around it (c′ = f ⊙ c + 2 i ⊙ σ(2g) − i,
    /// h′ = o ⊙ (2σ(2c′) − 1)). libtorch's tanh on the CPU is MKL's, which cost five times its sigmoid per value on the
    /// 2-core dev machine and a quarter of an ES step; the two forms agree to a few parts in 10⁷ of the activations' range.
    /// </summary>
    private static (Tensor Hidden, Tensor Cell) CellWithoutGraph(Tensor gateInputs, Tensor candidateInputs, Tensor cell, long hidden)
    {
        var sigmoids = gateInputs.contiguous().sigmoid_().split(hidden, 1);
        var (inputGate, forgetGate, outputGate) = (sigmoids[0], sigmoids[1], sigmoids[2]);
        var next = (forgetGate * cell).addcmul_(inputGate, candidateInputs.mul(2).sigmoid_(), value: 2).sub_(inputGate);
        var hiddenState = next.mul(2).sigmoid_().sub_(0.5).mul_(outputGate).mul_(2);
        return (hiddenState, next);
    }

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
