using L2LCluster.Learning.Randomness;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// One coordinatewise network (the paper's LSTM or the MLP), or one LSTM per parameter group (the paper's CIFAR
/// "LSTM-sub": one network for the convolution layers, one for the fully connected ones), all of one architecture. φ is
/// the networks' weights one after the other. With groups, the coordinates are taken network by network and
/// coordinate-major, so each network's rows (and states) are one contiguous block.
/// </summary>
public sealed class OptimizerNetworks
{
    private readonly ICoordinatewiseNetwork _network;

    public OptimizerNetworks(OptimizerArchitecture architecture, IReadOnlyList<ParameterGroup>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Groups = groups ?? [];
        if (architecture.Kind == OptimizerKind.Mlp && Groups.Count > 0)
        {
            // Its inputs are normalized over a problem's coordinates; a group's coordinate-major block mixes problems.
            throw new ArgumentException("The MLP optimizer takes no parameter groups.", nameof(groups));
        }

        _network = architecture.Kind == OptimizerKind.Mlp ? new CoordinatewiseMlp(architecture) : new CoordinatewiseLstm(architecture);
    }

    public OptimizerArchitecture Architecture => _network.Architecture;

    /// <summary>The one network when it is the paper's LSTM with no parameter groups; null otherwise.</summary>
    public CoordinatewiseLstm? SingleLstm => Groups.Count == 0 ? _network as CoordinatewiseLstm : null;

    public IReadOnlyList<ParameterGroup> Groups { get; }

    public int Count => Math.Max(1, Groups.Count);

    /// <summary>The length of φ: every network's weights.</summary>
    public int ParameterCount => Count * _network.ParameterCount;

    /// <summary>Each network initialized from its own seed; the first (or only) one exactly as a single LSTM.</summary>
    public float[] InitialParameters(ulong seed, ParameterInitialization initialization) =>
        [.. Enumerable.Range(0, Count).SelectMany(network => _network.InitialParameters(network == 0 ? seed : SeedSequence.Derive(seed, (ulong)network), initialization))];

    /// <summary>Each network's views of φ: a vector, or one per branch ([branches, φ's length], one network only).</summary>
    public IReadOnlyList<NetworkWeights> Bind(Tensor phi)
    {
        var size = _network.ParameterCount;
        return [.. Enumerable.Range(0, Count).Select(network => _network.Bind(phi.narrow(-1, (long)network * size, size)))];
    }

    /// <summary>The state of coordinates not stepped yet, one row per coordinate of every network.</summary>
    public CoordinateState InitialState(long coordinates, Device device, ScalarType dtype = ScalarType.Float32) =>
        _network.InitialState(coordinates, device, dtype);

    /// <summary>
    /// One step for every coordinate: gradients and parameters θ [problems, coordinates] and the state before; returns
    /// the updates [problems, coordinates] and the state after. Tensors are created in the caller's dispose scope.
    /// </summary>
    public (Tensor Update, CoordinateState State) Step(IReadOnlyList<NetworkWeights> weights, NetworkRouting routing, Tensor gradient, Tensor parameters, CoordinateState state)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(routing);
        if (routing.IsSingleNetwork)
        {
            return _network.Step(weights[0], gradient, parameters, state);
        }

        var updates = new List<Tensor>();
        var states = new List<CoordinateState>();
        long row = 0;
        for (var network = 0; network < routing.Columns.Count; network++)
        {
            var columns = tensor(routing.Columns[network], device: gradient.device);
            var block = gradient.index_select(1, columns).t();
            var rows = block.numel();
            var (update, next) = _network.Step(weights[network], block, parameters.index_select(1, columns).t(), state.Rows(row, rows));
            updates.Add(zeros_like(gradient).index_copy(1, columns, update.t()));
            states.Add(next);
            row += rows;
        }

        return (updates.Aggregate((sum, update) => sum + update), CoordinateState.Concatenate(states));
    }
}
