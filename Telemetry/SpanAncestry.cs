using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace L2LCluster.Telemetry;

/// <summary>
/// Where each span of this process sits among the spans shown: its nearest shown ancestor and how many shown spans
/// are above it. Orleans' grain-call spans sit between the project's; when only the project's are shown, a child is
/// hung under its nearest project ancestor so that the tree stays whole.
/// </summary>
internal sealed class SpanAncestry(bool allSpans) : BaseProcessor<Activity>
{
    // A run's spans start under contexts that ended long before (every iteration hangs under l2l.run), so nothing can
    // be forgotten when a span ends; the table is cleared instead when it grows past this, losing only indentation.
    private const int MostRemembered = 100_000;

    private readonly ConcurrentDictionary<ActivitySpanId, Place> _places = new();

    public bool IsShown(Activity span) => allSpans || span.Source.Name == L2LTelemetry.Name;

    public override void OnStart(Activity data)
    {
        if (_places.Count > MostRemembered)
        {
            _places.Clear();
        }

        _places[data.SpanId] = PlaceOf(data);
    }

    /// <summary>The span's parent as shown: the nearest shown ancestor in this process, else the recorded parent.</summary>
    public ActivitySpanId ShownParent(Activity span) =>
        _places.TryGetValue(span.SpanId, out var place) ? place.ShownParent : span.ParentSpanId;

    /// <summary>Shown spans above this one in this process.</summary>
    public int Depth(Activity span) => _places.TryGetValue(span.SpanId, out var place) ? place.Depth : 0;

    private Place PlaceOf(Activity span)
    {
        if (!_places.TryGetValue(span.ParentSpanId, out var parent))
        {
            return new Place(span.ParentSpanId, 0, IsShown(span));
        }

        return parent.Shown
            ? new Place(span.ParentSpanId, parent.Depth + 1, IsShown(span))
            : parent with { Shown = IsShown(span) };
    }

    private readonly record struct Place(ActivitySpanId ShownParent, int Depth, bool Shown);
}
