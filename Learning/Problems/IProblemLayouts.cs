namespace L2LCluster.Learning.Problems;

/// <summary>
/// A family whose problems differ in shape (a task mixture): each problem's parameter tensors, from its seed alone.
/// Coordinates past a problem's last segment are padding that its loss does not read.
/// </summary>
public interface IProblemLayouts
{
    IReadOnlyList<ParameterSegment> SegmentsOf(ulong problemSeed);

    /// <summary>Problem <paramref name="problemSeed"/>'s tensors in any family: all of θ is one tensor where the family names none.</summary>
    static IReadOnlyList<ParameterSegment> Of(IProblemFamily family, ulong problemSeed) => family switch
    {
        IProblemLayouts layouts => layouts.SegmentsOf(problemSeed),
        IParameterLayout layout => layout.Segments,
        _ => [new ParameterSegment("theta", 0, family.CoordinatesPerProblem)],
    };
}
