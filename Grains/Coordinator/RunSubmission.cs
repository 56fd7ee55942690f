using L2LCluster.Grains.Coordination;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Grains.Coordinator;

/// <summary>What a coordinator checks of a run submitted to it before it takes the run: everything that can be refused.</summary>
internal static class RunSubmission
{
    /// <summary>The run's first φ, once the run is found sound for this cluster; a refusal names the setting.</summary>
    /// <param name="spec">The run as submitted.</param>
    /// <param name="runId">The coordinator's own key.</param>
    /// <param name="problems">The families this silo offers.</param>
    /// <param name="maxMessageBytes">The cluster's largest message body.</param>
    /// <param name="memoryBudget">What a coordinator may hold for one run.</param>
    public static float[] Admit(RunSpec spec, RunId runId, ProblemCatalog problems, long maxMessageBytes, long memoryBudget)
    {
        InvalidSettingException.ThrowUnless(spec.RunId == runId, SpecFields.RunId, $"the run is named '{spec.RunId}' but was sent to '{runId}'.");
        spec.Validate();
        RunAdmission.Check(spec, maxMessageBytes, memoryBudget);
        problems.For(spec.Training);
        return spec.InitialPhi is { } initial ? FloatPayload.ToFloats(initial) : spec.Training.InitialPhi();
    }
}
