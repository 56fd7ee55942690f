using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// Which optimizer network steps which coordinate of a problem: for each network, the θ columns of its parameter
/// groups. One network owns everything unless groups are given; then the family must name its segments
/// (<see cref="IParameterLayout"/>) and every segment must belong to exactly one group.
/// </summary>
public sealed class NetworkRouting
{
    private NetworkRouting(IReadOnlyList<long[]> columns) => Columns = columns;

    /// <summary>The θ columns of each network, in network order; empty when one network owns every column.</summary>
    public IReadOnlyList<long[]> Columns { get; }

    public bool IsSingleNetwork => Columns.Count == 0;

    public static NetworkRouting Single { get; } = new([]);

    public static NetworkRouting For(IReadOnlyList<ParameterGroup> groups, IProblemFamily family)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(family);
        if (groups.Count == 0)
        {
            return Single;
        }

        const string setting = "parameterGroups";
        InvalidSettingException.ThrowUnless(family is IParameterLayout, setting, $"the problem family {family.Name} does not name its parameter segments, so its coordinates cannot be split among optimizer networks.");
        var columns = groups.Select(_ => new List<long>()).ToArray();
        foreach (var segment in ((IParameterLayout)family).Segments)
        {
            var owners = Enumerable.Range(0, groups.Count)
                .Where(index => groups[index].Segments.Any(prefix => segment.Name.StartsWith(prefix, StringComparison.Ordinal)))
                .ToArray();
            InvalidSettingException.ThrowUnless(owners.Length == 1, setting, $"segment {segment.Name} of {family.Name} must belong to exactly one group; it matches {(owners.Length == 0 ? "none" : string.Join(", ", owners.Select(index => groups[index].Name)))}.");
            columns[owners[0]].AddRange(Enumerable.Range(segment.Offset, segment.Length).Select(column => (long)column));
        }

        var empty = Array.FindIndex(columns, list => list.Count == 0);
        InvalidSettingException.ThrowUnless(empty < 0, setting, $"group {(empty < 0 ? "" : groups[empty].Name)} owns no segment of {family.Name}; its segments are {string.Join(", ", ((IParameterLayout)family).Segments.Select(segment => segment.Name))}.");
        return new NetworkRouting([.. columns.Select(list => list.ToArray())]);
    }
}
