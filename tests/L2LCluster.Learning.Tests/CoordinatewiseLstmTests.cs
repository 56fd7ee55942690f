using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class CoordinatewiseLstmTests
{
    private static readonly OptimizerArchitecture Architecture = new([20, 20], GradientPreprocessing.LogAndSign(), 0.1);

    [Fact]
    public void ParameterCountFollowsTheFusedGateLayout()
    {
        // Layer 1: (2 inputs + 20) × 80 + 80; layer 2: (20 + 20) × 80 + 80; output: 20 + 1.
        Assert.Equal((22 * 80) + 80 + (40 * 80) + 80 + 21, Architecture.ParameterCount);
        Assert.Equal(2, new OptimizerArchitecture([], GradientPreprocessing.None, 1.0).ParameterCount);
    }

    [Fact]
    public void PermutingCoordinatesPermutesTheirUpdatesOverSeveralSteps()
    {
        var network = new CoordinatewiseLstm(Architecture);
        using var scope = NewDisposeScope();
        var phi = tensor(network.InitialParameters(seed: 3, ParameterInitialization.Uniform));
        var weights = network.Bind(phi);
        var gradients = randn(3, 50, generator: new Generator(11));
        var permutation = randperm(50, generator: new Generator(12));
        var state = CoordinateState.Zeros(Architecture.HiddenSizes, 50, CPU);
        var permutedState = CoordinateState.Zeros(Architecture.HiddenSizes, 50, CPU);
        for (var step = 0; step < 3; step++)
        {
            var (update, next) = network.Step(weights, gradients[step], state);
            var (permutedUpdate, permutedNext) = network.Step(weights, gradients[step].index_select(0, permutation), permutedState);
            state = next;
            permutedState = permutedNext;

            Assert.True(update.index_select(0, permutation).allclose(permutedUpdate, rtol: 1e-5, atol: 1e-7));
        }
    }

    [Fact]
    public void TheStepAndItsMetaGradientMatchThePapersCellWrittenPlainlyToOnePartInAMillion()
    {
        var network = new CoordinatewiseLstm(Architecture);
        using var scope = NewDisposeScope();
        var values = network.InitialParameters(seed: 9, ParameterInitialization.Uniform);
        var (phi, reference) = (tensor(values).requires_grad_(true), tensor(values).requires_grad_(true));
        var weights = network.Bind(phi);
        var gradients = randn(5, 300, generator: new Generator(31)) * 0.1;
        var state = CoordinateState.Zeros(Architecture.HiddenSizes, 300, CPU);
        var referenceState = CoordinateState.Zeros(Architecture.HiddenSizes, 300, CPU);
        var (loss, referenceLoss) = (zeros(1), zeros(1));
        for (var step = 0; step < 5; step++)
        {
            (var update, state) = network.Step(weights, gradients[step], state);
            (var referenceUpdate, referenceState) = PlainStep(reference, gradients[step], referenceState);
            Assert.InRange(RelativeDistance(update, referenceUpdate), 0, 1e-6);
            (loss, referenceLoss) = (loss + (update * gradients[step]).sum(), referenceLoss + (referenceUpdate * gradients[step]).sum());
        }

        Assert.InRange(RelativeDistance(autograd.grad([loss], [phi])[0], autograd.grad([referenceLoss], [reference])[0]), 0, 1e-6);
    }

    [Fact]
    public void WithoutAGraphTheStepMatchesTheRecordedOneToAPartInAMillionAndLeavesItsInputsAlone()
    {
        var network = new CoordinatewiseLstm(Architecture);
        using var scope = NewDisposeScope();
        var weights = network.Bind(tensor(network.InitialParameters(seed: 5, ParameterInitialization.Uniform)).requires_grad_(true));
        var gradients = randn(8, 256, generator: new Generator(21)).mul_(logspace(-6, 1, 256));
        var recorded = CoordinateState.Zeros(Architecture.HiddenSizes, 256, CPU);
        var withoutGraph = CoordinateState.Zeros(Architecture.HiddenSizes, 256, CPU);
        for (var step = 0; step < 8; step++)
        {
            var (update, next) = network.Step(weights, gradients[step], recorded);
            var heldCell = withoutGraph.Cell[1].clone();
            var heldGradient = gradients[step].clone();
            (Tensor Update, CoordinateState State) fast;
            using (no_grad())
            {
                fast = network.Step(weights, gradients[step], withoutGraph);
            }

            Assert.True(update.requires_grad);
            Assert.False(fast.Update.requires_grad);
            Assert.InRange(RelativeDistance(fast.Update, update.detach()), 0, 1e-6);
            Assert.InRange(RelativeDistance(fast.State.Hidden[1], next.Hidden[1].detach()), 0, 1e-6);
            Assert.InRange(RelativeDistance(fast.State.Cell[0], next.Cell[0].detach()), 0, 1e-6);
            Assert.Equal(heldCell.data<float>().ToArray(), withoutGraph.Cell[1].data<float>().ToArray());
            Assert.Equal(heldGradient.data<float>().ToArray(), gradients[step].data<float>().ToArray());
            (recorded, withoutGraph) = (new CoordinateState([.. next.Hidden.Select(h => h.detach())], [.. next.Cell.Select(c => c.detach())]), fast.State);
        }
    }

    [Fact]
    public void ACoordinateUpdateDependsOnlyOnItsOwnGradientAndState()
    {
        var network = new CoordinatewiseLstm(Architecture);
        using var scope = NewDisposeScope();
        var weights = network.Bind(tensor(network.InitialParameters(seed: 4, ParameterInitialization.Uniform)));
        var gradient = randn(10, generator: new Generator(5));
        var changed = gradient.clone();
        changed[3] = tensor(1000f);

        var (update, _) = network.Step(weights, gradient, CoordinateState.Zeros(Architecture.HiddenSizes, 10, CPU));
        var (changedUpdate, _) = network.Step(weights, changed, CoordinateState.Zeros(Architecture.HiddenSizes, 10, CPU));

        var difference = (update - changedUpdate).abs().data<float>().ToArray();
        Assert.True(difference[3] > 0);
        Assert.All(difference.Where((_, index) => index != 3), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void TheSameSeedGivesTheSameInitialWeightsAndAnotherSeedDifferentOnes()
    {
        var network = new CoordinatewiseLstm(Architecture);

        Assert.Equal(network.InitialParameters(7, ParameterInitialization.Uniform), network.InitialParameters(7, ParameterInitialization.Uniform));
        Assert.NotEqual(network.InitialParameters(7, ParameterInitialization.Uniform), network.InitialParameters(8, ParameterInitialization.Uniform));
        Assert.All(network.InitialParameters(7, ParameterInitialization.Zeros), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void BindRejectsAWeightVectorOfTheWrongLength()
    {
        var network = new CoordinatewiseLstm(Architecture);
        using var phi = zeros(10);

        Assert.Throws<ArgumentException>(() => network.Bind(phi));
    }

    [Fact]
    public void BranchesOfOnePerturbedPhiEachStepTheirOwnRowsAsThatPhiAlone()
    {
        var network = new CoordinatewiseLstm(Architecture);
        using var scope = NewDisposeScope();
        var first = tensor(network.InitialParameters(seed: 3, ParameterInitialization.Uniform));
        var second = tensor(network.InitialParameters(seed: 4, ParameterInitialization.Uniform));
        var gradients = randn(2, 30, generator: new Generator(13));
        var state = CoordinateState.Zeros(Architecture.HiddenSizes, 60, CPU);

        var (branched, _) = network.Step(network.Bind(stack([first, second])), gradients.reshape(-1), state);
        var (alone, _) = network.Step(network.Bind(second), gradients[1], CoordinateState.Zeros(Architecture.HiddenSizes, 30, CPU));
        var (firstAlone, _) = network.Step(network.Bind(first), gradients[0], CoordinateState.Zeros(Architecture.HiddenSizes, 30, CPU));

        Assert.True(branched.narrow(0, 0, 30).allclose(firstAlone, rtol: 1e-5, atol: 1e-7));
        Assert.True(branched.narrow(0, 30, 30).allclose(alone, rtol: 1e-5, atol: 1e-7));
    }

    /// <summary>
    /// Not to the bit: libtorch's vectorized loops take the last elements of a tensor through their scalar form, whose
    /// exponential rounds differently, and which elements are last moves with the split.
    /// </summary>
    [Fact]
    public void WithoutAGraphRowsSteppedInCacheSizedBlocksComeOutAsWhenSteppedInPiecesOfAnyOtherSizeToAPartInAMillion()
    {
        var rnnprop = new OptimizerArchitecture([20, 20], GradientPreprocessing.Rnnprop, 0.1);
        var network = new CoordinatewiseLstm(rnnprop);
        using var scope = NewDisposeScope();
        var phi = stack([tensor(network.InitialParameters(seed: 8, ParameterInitialization.Uniform)), tensor(network.InitialParameters(seed: 9, ParameterInitialization.Uniform))]);
        // Three blocks of 4,096 rows and part of a fourth per branch.
        const long rowsPerBranch = 13_065;
        var gradients = randn(3, 2 * rowsPerBranch, generator: new Generator(31)).mul_(logspace(-6, 1, 2 * rowsPerBranch));
        using var noGrad = no_grad();
        var blocked = network.InitialState(2 * rowsPerBranch, CPU);
        var pieces = network.InitialState(2 * rowsPerBranch, CPU);
        for (var step = 0; step < 3; step++)
        {
            var (update, next) = network.Step(network.Bind(phi), gradients[step], blocked);
            var pieceUpdates = new List<Tensor>();
            var pieceStates = new List<CoordinateState>();
            for (var branch = 0; branch < 2; branch++)
            {
                for (var first = 0L; first < rowsPerBranch; first += 1000)
                {
                    var rows = Math.Min(1000, rowsPerBranch - first);
                    var (pieceUpdate, pieceState) = network.Step(network.Bind(phi[branch]), gradients[step].narrow(0, (branch * rowsPerBranch) + first, rows), pieces.Rows((branch * rowsPerBranch) + first, rows));
                    pieceUpdates.Add(pieceUpdate);
                    pieceStates.Add(pieceState);
                }
            }

            var whole = CoordinateState.Concatenate(pieceStates);
            Assert.InRange(RelativeDistance(update, cat(pieceUpdates.ToArray(), 0)), 0, 1e-6);
            Assert.All(Enumerable.Range(0, whole.Hidden.Length), layer => Assert.InRange(RelativeDistance(next.Hidden[layer], whole.Hidden[layer]), 0, 1e-6));
            Assert.All(Enumerable.Range(0, whole.Cell.Length), layer => Assert.InRange(RelativeDistance(next.Cell[layer], whole.Cell[layer]), 0, 1e-6));
            (blocked, pieces) = (next, whole);
        }
    }

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    private static double RelativeDistance(Tensor a, Tensor b) => (a - b).norm().item<float>() / (double)b.norm().item<float>();

    /// <summary>
    /// The paper's LSTM step as it was first written, reading φ in its documented layout itself (per layer the weight
    /// [inputs + hidden, 4 × hidden] row by row, then the bias; then the output weight and bias): every gate a strided
    /// slice of the fused gates, tanh taken as tanh.
    /// </summary>
    private static (Tensor Update, CoordinateState State) PlainStep(Tensor phi, Tensor gradient, CoordinateState state)
    {
        var input = Architecture.Preprocessing.Apply(gradient, []).Input;
        var layers = Architecture.HiddenSizes.Length;
        var hidden = new Tensor[layers];
        var cells = new Tensor[layers];
        long offset = 0;
        for (var layer = 0; layer < layers; layer++)
        {
            long size = Architecture.HiddenSizes[layer];
            var rows = input.shape[1] + size;
            var weight = phi.narrow(0, offset, rows * 4 * size).view(rows, 4 * size);
            var bias = phi.narrow(0, offset + (rows * 4 * size), 4 * size);
            offset += (rows + 1) * 4 * size;
            var gates = addmm(bias, cat([input, state.Hidden[layer]], 1), weight, beta: 1, alpha: 1);
            var sigmoids = gates.narrow(1, 0, 3 * size).sigmoid();
            cells[layer] = (sigmoids.narrow(1, size, size) * state.Cell[layer]) + (sigmoids.narrow(1, 0, size) * gates.narrow(1, 3 * size, size).tanh());
            input = hidden[layer] = sigmoids.narrow(1, 2 * size, size) * cells[layer].tanh();
        }

        var outputWeight = phi.narrow(0, offset, input.shape[1]).view(-1, 1);
        var outputBias = phi.narrow(0, offset + input.shape[1], 1);
        var update = addmm(outputBias, input, outputWeight, beta: 1, alpha: 1).mul(Architecture.OutputScale).view(-1);
        return (update, new CoordinateState(hidden, cells));
    }
}
