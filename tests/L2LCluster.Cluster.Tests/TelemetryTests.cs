using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace L2LCluster.Cluster.Tests;

[Trait("Category", "Cluster")]
public sealed class TelemetryTests
{
    private const string RunId = "traced";
    private const int Iterations = 3;
    private const int Problems = 6;
    private const int Unroll = 4;

    [Fact]
    public async Task ARunOnTwoSilosIsOneTraceFromTrainThroughEveryIterationToEachWorkersUnrollWithItsMetrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddL2LTracing(TraceOutputs.None).AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddL2LMetrics().AddInMemoryExporter(metrics).Build();

        // The first answer of iteration 3 carries a NaN, so one worker is dropped from it.
        var poison = new GradientPoison();
        var harness = await ClusterHarness.StartAsync(silos: 2, configure: services => services.AddSingleton<IIncomingGrainCallFilter>(poison));
        ActivityTraceId traceId;
        try
        {
            using (var train = L2LTelemetry.Source.StartActivity(L2LTelemetry.TrainSpan, ActivityKind.Client)!)
            {
                traceId = train.TraceId;
                await harness.Coordinator(RunId).StartAsync(ClusterHarness.SmallRun(RunId, Iterations, Problems, checkpointEvery: 1));
            }

            var status = await harness.WaitForAsync(RunId, status => status.IsFinished, TimeSpan.FromMinutes(3));
            Assert.Equal(RunState.Completed, status.State);
        }
        finally
        {
            // Shutting the silos down waits for the coordinator's loop, so every span of the run has ended.
            await harness.DisposeAsync();
        }

        meters.ForceFlush();
        AssertSpanTree(new Trace(spans, traceId));
        AssertMetrics(new MetricReadings(metrics, RunId));
    }

    [Fact]
    public async Task AResumedRunStaysInItsTraceWithItsLaterIterationsUnderTheResumeSpan()
    {
        const string runId = "resumed-trace";
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddL2LTracing(TraceOutputs.None).AddInMemoryExporter(spans).Build();
        var harness = await ClusterHarness.StartAsync(silos: 1);
        ActivityTraceId traceId;
        int stoppedAt;
        try
        {
            var coordinator = harness.Coordinator(runId);
            using (var train = L2LTelemetry.Source.StartActivity(L2LTelemetry.TrainSpan, ActivityKind.Client)!)
            {
                traceId = train.TraceId;
                await coordinator.StartAsync(ClusterHarness.SmallRun(runId, iterations: 100_000));
            }

            await harness.WaitForAsync(runId, status => status.Iteration >= 2, TimeSpan.FromMinutes(1));
            stoppedAt = (await coordinator.StopAsync()).Iteration;
            await coordinator.ResumeAsync(iterations: null);
            await harness.WaitForAsync(runId, status => status.Iteration >= stoppedAt + 2, TimeSpan.FromMinutes(1));
            await coordinator.StopAsync();
        }
        finally
        {
            await harness.DisposeAsync();
        }

        var trace = new Trace(spans, traceId);
        Assert.All(trace.Own, span => Assert.Equal(traceId, span.TraceId));
        var run = Assert.Single(trace.Named(L2LTelemetry.RunSpan));
        var resume = Assert.Single(trace.Named(L2LTelemetry.ResumeSpan));
        Assert.Equal(run.SpanId, resume.ParentSpanId);
        Assert.Equal(stoppedAt, resume.GetTagItem(TelemetryTags.Iteration));
        var iterations = trace.Named(L2LTelemetry.IterationSpan).ToList();
        Assert.All(iterations, iteration => Assert.Same((int)iteration.GetTagItem(TelemetryTags.Iteration)! <= stoppedAt ? run : resume, trace.ParentOf(iteration)));
        Assert.Contains(iterations, iteration => trace.ParentOf(iteration) == resume);
        Assert.Equal(2, trace.Named(L2LTelemetry.FinishSpan).Count());
    }

    private static void AssertSpanTree(Trace trace)
    {
        Assert.All(trace.Own, span => Assert.Equal(trace.Id, span.TraceId));
        Assert.All(trace.Spans, span => Assert.True(span.ParentSpanId == default || trace.Contains(span.ParentSpanId), $"{span.DisplayName} has a parent outside the trace"));
        var train = Assert.Single(trace.Named(L2LTelemetry.TrainSpan));
        Assert.Equal(default, train.ParentSpanId);

        // The run's span hangs off the train span through the StartAsync grain call (client and server spans).
        var run = Assert.Single(trace.Named(L2LTelemetry.RunSpan));
        Assert.Same(train, trace.OwnParentOf(run));
        Assert.Contains(trace.PathToRoot(run), span => span.Kind == ActivityKind.Server && span.DisplayName == "ICoordinatorGrain/StartAsync");
        Assert.Equal(RunId, run.GetTagItem(TelemetryTags.RunId));
        Assert.Single(trace.ChildrenOf(run), span => span.DisplayName == L2LTelemetry.CheckpointSpan);

        var iterations = trace.Named(L2LTelemetry.IterationSpan).OrderBy(span => (int)span.GetTagItem(TelemetryTags.Iteration)!).ToList();
        Assert.Equal([1, 2, 3], iterations.Select(span => (int)span.GetTagItem(TelemetryTags.Iteration)!));
        foreach (var iteration in iterations)
        {
            Assert.Same(run, trace.OwnParentOf(iteration));
            Assert.Single(trace.ChildrenOf(iteration), span => span.DisplayName == L2LTelemetry.OptimizerApplySpan);
            Assert.Single(trace.ChildrenOf(iteration), span => span.DisplayName == L2LTelemetry.CheckpointSpan);
            Assert.True(double.IsFinite((double)iteration.GetTagItem(TelemetryTags.Loss)!));

            // One unroll per worker, on both silos, each under its worker grain call (an Orleans server span).
            var unrolls = trace.Named(L2LTelemetry.UnrollSpan).Where(unroll => trace.OwnParentOf(unroll) == iteration).ToList();
            Assert.Equal(2, unrolls.Count);
            Assert.Equal(2, unrolls.Select(unroll => WorkerKeys.SiloOf((string)unroll.GetTagItem(TelemetryTags.Worker)!)).Distinct().Count());
            foreach (var unroll in unrolls)
            {
                Assert.Equal("IWorkerGrain/UnrollAsync", trace.ParentOf(unroll)!.DisplayName);
                Assert.Equal(ActivityKind.Server, trace.ParentOf(unroll)!.Kind);
                Assert.Equal(RunId, unroll.GetTagItem(TelemetryTags.RunId));
                Assert.Equal(iteration.GetTagItem(TelemetryTags.Iteration), unroll.GetTagItem(TelemetryTags.Iteration));
                Assert.Equal(iteration.GetTagItem(TelemetryTags.PhiVersion), unroll.GetTagItem(TelemetryTags.PhiVersion));
                Assert.Equal(Problems / 2, unroll.GetTagItem(TelemetryTags.Problems));
                Assert.Equal(Unroll, unroll.GetTagItem(TelemetryTags.Steps));
                Assert.False(string.IsNullOrEmpty((string?)unroll.GetTagItem(TelemetryTags.Device)));
                Assert.True((double)unroll.GetTagItem(TelemetryTags.Loss)! > 0);
            }
        }

        var dropped = Assert.Single(iterations[2].Events);
        Assert.Equal(L2LTelemetry.WorkerDroppedEvent, dropped.Name);
        Assert.Contains("not finite", (string)dropped.Tags.Single(tag => tag.Key == TelemetryTags.Reason).Value!, StringComparison.Ordinal);
        Assert.All(iterations[..2], iteration => Assert.Empty(iteration.Events));

        var finish = Assert.Single(trace.Named(L2LTelemetry.FinishSpan));
        Assert.Same(run, trace.OwnParentOf(finish));
        Assert.Equal(nameof(RunState.Completed), finish.GetTagItem(TelemetryTags.State));
        Assert.Single(trace.ChildrenOf(finish), span => span.DisplayName == L2LTelemetry.CheckpointSpan);
    }

    private static void AssertMetrics(MetricReadings readings)
    {
        // Iterations 1 and 2 apply both workers' 3 problems × 4 steps; iteration 3 only the survivor's.
        const long problemSteps = (2 * Problems * Unroll) + (Problems / 2 * Unroll);
        Assert.Equal(Iterations, readings.Sum("l2l.run.iterations"));
        Assert.Equal(problemSteps, readings.Sum("l2l.run.problem_steps"));
        Assert.InRange(readings.LastDouble("l2l.run.meta_loss"), 1e-6, 1e6);
        Assert.InRange(readings.LastDouble("l2l.run.gradient_norm"), 1e-12, 1e6);
        var iterationRate = readings.LastDouble("l2l.run.iteration_rate");
        Assert.InRange(iterationRate, 0.01, 10_000);
        Assert.InRange(readings.LastDouble("l2l.run.problem_step_rate") / iterationRate, problemSteps / (double)Iterations * 0.99, problemSteps / (double)Iterations * 1.01);
        Assert.Equal(1, readings.LastLong("l2l.run.workers.live"));
        Assert.Equal(1, readings.Sum("l2l.run.workers.dropped"));

        var iterationDuration = readings.Histogram("l2l.run.iteration.duration");
        Assert.Equal(Iterations, iterationDuration.Count);
        var unrollDuration = readings.Histogram("l2l.worker.unroll.duration");
        Assert.Equal(2 * Iterations, unrollDuration.Count);
        Assert.InRange(unrollDuration.Sum, 1e-6, 2 * iterationDuration.Sum);

        // The run's first checkpoint, one per iteration (checkpoint-every 1) and the last one.
        var checkpointDuration = readings.Histogram("l2l.run.checkpoint.duration");
        Assert.Equal(Iterations + 2, checkpointDuration.Count);
        Assert.InRange(checkpointDuration.Sum, 1e-7, 60);
        Assert.True(readings.HasMeter(L2LTelemetry.OrleansMeter), "Orleans' own meter is collected too");
    }
}
