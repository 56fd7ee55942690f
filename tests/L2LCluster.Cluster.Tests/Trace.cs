using System.Diagnostics;
using L2LCluster.Telemetry;

namespace L2LCluster.Cluster.Tests;

/// <summary>The exported spans of one trace, walkable by parent id.</summary>
internal sealed class Trace
{
    private readonly Dictionary<ActivitySpanId, Activity> _byId;

    public Trace(IReadOnlyCollection<Activity> exported, ActivityTraceId id)
    {
        Id = id;
        Spans = [.. exported.Where(span => span.TraceId == id)];
        Own = [.. exported.Where(IsOwn)];
        _byId = Spans.ToDictionary(span => span.SpanId);
    }

    public ActivityTraceId Id { get; }

    /// <summary>Every span of this trace: the project's and Orleans'.</summary>
    public IReadOnlyList<Activity> Spans { get; }

    /// <summary>The project's spans exported, in this trace or any other.</summary>
    public IReadOnlyList<Activity> Own { get; }

    public bool Contains(ActivitySpanId id) => _byId.ContainsKey(id);

    public IEnumerable<Activity> Named(string name) => Spans.Where(span => IsOwn(span) && span.DisplayName == name);

    public Activity? ParentOf(Activity span) => _byId.GetValueOrDefault(span.ParentSpanId);

    public IEnumerable<Activity> ChildrenOf(Activity parent) => Spans.Where(span => span.ParentSpanId == parent.SpanId);

    public IEnumerable<Activity> PathToRoot(Activity span)
    {
        for (var parent = ParentOf(span); parent is not null; parent = ParentOf(parent))
        {
            yield return parent;
        }
    }

    /// <summary>The nearest ancestor that is one of the project's spans, skipping Orleans' grain-call spans.</summary>
    public Activity? OwnParentOf(Activity span) => PathToRoot(span).FirstOrDefault(IsOwn);

    private static bool IsOwn(Activity span) => span.Source.Name == L2LTelemetry.Name;
}
