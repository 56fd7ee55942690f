using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Grains.Storage;

namespace L2LCluster.Grains.Coordinator;

/// <summary>What a coordinator checks of a run submitted to it before it takes the run: everything that can be refused.</summary>
internal static class RunSubmission
{
    /// <summary>
    /// Whether <paramref name="spec"/> is the run this coordinator already holds, asked for again; another run under
    /// the same name is refused.
    /// </summary>
    public static bool IsRepeat(RunCore? held, RunSpec spec, RunId runId) => held is not null && (held.Spec.IsSameRunAs(spec)
        ? true
        : throw new InvalidSettingException(SpecFields.RunId, $"a run named '{runId}' already exists with another spec; choose another name."));

    /// <summary>
    /// The run's first φ and the epoch its store took it up with, once the run is found sound for this cluster and its
    /// name is still free; a refusal names the setting.
    /// </summary>
    /// <param name="spec">The run as submitted.</param>
    /// <param name="runId">The coordinator's own key.</param>
    /// <param name="grains">Reaches the live silos, which must all offer the run's families.</param>
    /// <param name="store">The run's store.</param>
    /// <param name="problems">The families this silo offers.</param>
    /// <param name="limits">The cluster's largest message body and what a coordinator may hold for one run.</param>
    public static async Task<(float[] Phi, long Epoch)> TakeAsync(
        RunSpec spec, RunId runId, IGrainFactory grains, IRunStore store, ProblemCatalog problems, (long MaxMessageBytes, long MemoryBudget) limits)
    {
        InvalidSettingException.ThrowUnless(spec.RunId == runId, SpecFields.RunId, $"the run is named '{spec.RunId}' but was sent to '{runId}'.");
        spec.Validate();
        RunAdmission.Check(spec, limits.MaxMessageBytes, limits.MemoryBudget);
        // A family is named against what the live silos offer before this silo's own catalog builds it.
        await OfferedProblems.CheckAsync(grains, spec.Training);
        problems.For(spec.Training);
        var phi = spec.InitialPhi is { } initial ? FloatPayload.ToFloats(initial) : spec.Training.InitialPhi();
        var takeUp = await store.TakeUpAsync(runId, CancellationToken.None);
        InvalidSettingException.ThrowUnless(takeUp.Checkpoint is null, SpecFields.RunId, $"a run named '{runId}' was started elsewhere meanwhile; choose another name.");
        return (phi, takeUp.Epoch);
    }

    /// <summary>Turns a refused setting into an exception that crosses the wire to the client.</summary>
    public static async Task<RunStatus> Refusing(Func<Task<RunStatus>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidSettingException error)
        {
            throw InvalidRunException.From(error);
        }
    }
}
