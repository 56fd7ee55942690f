using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The problems of a <see cref="MixtureFamily"/> batch, grouped by the family each was drawn from: each group is its
/// family's own batch, reading its rows of θ and the first coordinates of each row; the rest of the row is padding.
/// Every group's loss is computed once per call, so stochastic groups draw one minibatch per step as they would alone.
/// </summary>
internal sealed class MixtureBatch : IProblemBatch
{
    private readonly IReadOnlyList<Group> _groups;
    private readonly Tensor _initial;
    private readonly long[] _order;

    public MixtureBatch(IReadOnlyList<Group> groups, int problemCount, int coordinatesPerProblem, Device device)
    {
        _groups = groups;
        ProblemCount = problemCount;
        CoordinatesPerProblem = coordinatesPerProblem;
        var initial = new float[checked(problemCount * coordinatesPerProblem)];
        foreach (var group in groups)
        {
            using var scope = NewDisposeScope();
            var values = group.Batch.InitialParameters().cpu().data<float>().ToArray();
            var width = group.Batch.CoordinatesPerProblem;
            for (var k = 0; k < group.Rows.Length; k++)
            {
                values.AsSpan(k * width, width).CopyTo(initial.AsSpan((int)group.Rows[k] * coordinatesPerProblem, width));
            }
        }

        _initial = tensor(initial, [problemCount, coordinatesPerProblem], device: device);

        // The losses come out group by group; this puts them back in row order.
        var byGroup = groups.SelectMany(group => group.Rows).ToArray();
        _order = new long[problemCount];
        for (var position = 0; position < byGroup.Length; position++)
        {
            _order[byGroup[position]] = position;
        }
    }

    public int ProblemCount { get; }

    public int CoordinatesPerProblem { get; }

    public Tensor InitialParameters() => _initial.clone();

    public Tensor Losses(Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        var losses = new List<Tensor>(_groups.Count);
        foreach (var group in _groups)
        {
            var rows = parameters.index_select(0, tensor(group.Rows, device: parameters.device)).narrow(1, 0, group.Batch.CoordinatesPerProblem);
            losses.Add(group.Batch.Losses(rows));
        }

        return cat(losses, 0).index_select(0, tensor(_order, device: parameters.device)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var group in _groups)
        {
            group.Batch.Dispose();
        }

        _initial.Dispose();
    }

    /// <summary>One family's problems: its batch and the rows of the mixture's batch they are.</summary>
    internal sealed record Group(IProblemBatch Batch, long[] Rows);
}
