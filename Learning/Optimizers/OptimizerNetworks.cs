using L2LCluster.Learning.Randomness;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// One coordinatewise LSTM, or one per parameter group (the paper's CIFAR "LSTM-sub": one network for the
/// convolution layers, one for the fully connected ones), all of one architecture. φ is the networks' weights one
/// after the other. With groups, the coordinates are taken network by network and coordinate-major, so each
/// network's rows (and LSTM states) are one contiguous block.
/// </summary>
public sealed class OptimizerNetworks
{
    private readonly CoordinatewiseLstm _lstm;

    public OptimizerNetworks(OptimizerArchitecture architecture, IReadOnlyList<ParameterGroup>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        _lstm = new CoordinatewiseLstm(architecture);
        Groups = groups ?? [];
    }

    public OptimizerArchitecture Architecture => _lstm.Architecture;

    public IReadOnlyList<ParameterGroup> Groups { get; }

    public int Count => Math.Max(1, Groups.Count);

    /// <summary>The length of φ: every network's weights.</summary>
    public int ParameterCount => Count * _lstm.ParameterCount;

    /// <summary>Each network initialized from its own seed; the first (or only) one exactly as a single LSTM.</summary>
    public float[] InitialParameters(ulong seed, ParameterInitialization initialization) =>
        [.. Enumerable.Range(0, Count).SelectMany(network => _lstm.InitialParameters(network == 0 ? seed : SeedSequence.Derive(seed, (ulong)network), initialization))];

    public IReadOnlyList<LstmWeights> Bind(Tensor phi)
    {
        var size = _lstm.ParameterCount;
        return [.. Enumerable.Range(0, Count).Select(network => _lstm.Bind(phi.narrow(0, (long)network * size, size)))];
    }

    /// <summary>
    /// One step for every coordinate: gradients [problems, coordinates] and the state before; returns the updates
    /// [problems, coordinates] and the state after. Tensors are created in the caller's dispose scope.
    /// </summary>
    public (Tensor Update, LstmState State) Step(IReadOnlyList<LstmWeights> weights, NetworkRouting routing, Tensor gradient, LstmState state)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(routing);
        if (routing.IsSingleNetwork)
        {
            var (update, next) = _lstm.Step(weights[0], gradient.reshape(-1), state);
            return (update.view(gradient.shape), next);
        }

        var problems = gradient.shape[0];
        var updates = new List<Tensor>();
        var states = new List<LstmState>();
        long row = 0;
        for (var network = 0; network < routing.Columns.Count; network++)
        {
            var columns = tensor(routing.Columns[network], device: gradient.device);
            var block = gradient.index_select(1, columns).t().reshape(-1);
            var rows = block.shape[0];
            var (update, next) = _lstm.Step(weights[network], block, state.Rows(row, rows));
            updates.Add(zeros_like(gradient).index_copy(1, columns, update.view(-1, problems).t()));
            states.Add(next);
            row += rows;
        }

        return (updates.Aggregate((sum, update) => sum + update), LstmState.Concatenate(states));
    }
}
