using OpenTelemetry.Trace;

namespace L2LCluster.Telemetry;

/// <summary>
/// Decides for spans that have no parent: only the project's own roots (names starting with
/// <see cref="L2LTelemetry.SpanPrefix"/>) start a trace. Orleans opens a root span for every grain call made outside a
/// trace (the console's status polls, membership probes, the run keeper); recording those would bury the runs.
/// Used as the root of a <see cref="ParentBasedSampler"/>, so every other span follows its parent's decision and a
/// run is kept or dropped whole.
/// </summary>
public sealed class ProjectRootSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Name.StartsWith(L2LTelemetry.SpanPrefix, StringComparison.Ordinal)
            ? SamplingDecision.RecordAndSample
            : SamplingDecision.Drop);
}
