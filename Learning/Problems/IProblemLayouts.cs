namespace L2LCluster.Learning.Problems;

/// <summary>
/// A family whose problems differ in shape (a task mixture): each problem's parameter tensors, from its seed alone.
/// Coordinates past a problem's last segment are padding that its loss does not read.
/// </summary>
public interface IProblemLayouts
{
    IReadOnlyList<ParameterSegment> SegmentsOf(ulong problemSeed);
}
