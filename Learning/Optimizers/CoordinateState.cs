using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// What a learned optimizer keeps per coordinate, as tensors of [coordinates, width]: the LSTM's hidden and cell state
/// per layer (with RNNprop's inputs, its moments and step count after the hidden states), or the MLP's accumulators
/// (in <see cref="Hidden"/>, with no <see cref="Cell"/>).
/// </summary>
public sealed class CoordinateState : IDisposable
{
    public CoordinateState(Tensor[] hidden, Tensor[] cell)
    {
        Hidden = hidden;
        Cell = cell;
    }

    public Tensor[] Hidden { get; }

    public Tensor[] Cell { get; }

    /// <summary>The LSTM's zero state: hidden and cell state per layer.</summary>
    public static CoordinateState Zeros(IReadOnlyList<int> hiddenSizes, long coordinates, Device device, ScalarType dtype = ScalarType.Float32)
    {
        var hidden = hiddenSizes.Select(size => zeros(coordinates, size, dtype: dtype, device: device)).ToArray();
        var cell = hiddenSizes.Select(size => zeros(coordinates, size, dtype: dtype, device: device)).ToArray();
        return new CoordinateState(hidden, cell);
    }

    /// <summary>Rows first … first + count − 1 of every layer (views, in the caller's dispose scope).</summary>
    public CoordinateState Rows(long first, long count) =>
        new([.. Hidden.Select(tensor => tensor.narrow(0, first, count))], [.. Cell.Select(tensor => tensor.narrow(0, first, count))]);

    /// <summary>Uninitialized tensors of this state's shapes (in the caller's dispose scope), to be written row block by row block.</summary>
    public CoordinateState EmptyLike() => new([.. Hidden.Select(tensor => empty_like(tensor))], [.. Cell.Select(tensor => empty_like(tensor))]);

    /// <summary>Copies <paramref name="source"/>'s tensors, of this state's layers and widths, into this state's.</summary>
    public void CopyFrom(CoordinateState source)
    {
        for (var layer = 0; layer < Hidden.Length; layer++)
        {
            Hidden[layer].copy_(source.Hidden[layer]);
        }

        for (var layer = 0; layer < Cell.Length; layer++)
        {
            Cell[layer].copy_(source.Cell[layer]);
        }
    }

    /// <summary>The states one after the other, layer by layer.</summary>
    public static CoordinateState Concatenate(IReadOnlyList<CoordinateState> states) =>
        new(
            [.. Enumerable.Range(0, states[0].Hidden.Length).Select(layer => cat(states.Select(state => state.Hidden[layer]).ToArray(), 0))],
            [.. Enumerable.Range(0, states[0].Cell.Length).Select(layer => cat(states.Select(state => state.Cell[layer]).ToArray(), 0))]);

    /// <summary>A copy cut from the autograd graph: the boundary of a truncation.</summary>
    public CoordinateState Detach() =>
        new([.. Hidden.Select(tensor => tensor.detach())], [.. Cell.Select(tensor => tensor.detach())]);

    /// <summary>Takes this state out of every dispose scope: its owner disposes it.</summary>
    public CoordinateState DetachFromDisposeScope()
    {
        foreach (var tensor in Hidden.Concat(Cell))
        {
            tensor.DetachFromDisposeScope();
        }

        return this;
    }

    public void Dispose()
    {
        foreach (var tensor in Hidden.Concat(Cell))
        {
            tensor.Dispose();
        }
    }
}
