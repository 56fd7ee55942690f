namespace L2LCluster.Runs.Specs;

/// <summary>
/// Episode lengths drawn per episode, after learned_optimization's truncation_schedule.py: a spec without one gives
/// every episode the horizon. Each episode's length is exp(U[ln MIN, ln(MAX + 1))) rounded down, from the episode's
/// own seed; a trajectory that starts cold (a particle's first episode, after a run starts or resumes) starts at a
/// random step of its first episode, so that particles and workers are not in lock step. The horizon stays the
/// longest episode: MAX may not exceed it, and validation runs it in full.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.TruncationSchedule")]
public sealed record TruncationSchedule(
    [property: Id(0)] TruncationScheduleKind Kind,
    [property: Id(1)] int MinLength,
    [property: Id(2)] int MaxLength)
{
    public TruncationSchedule Validate(int horizon)
    {
        InvalidSettingException.ThrowUnless(Enum.IsDefined(Kind), SpecFields.UnrollSchedule, $"unknown kind {Kind}; allowed: constant, log-uniform:MIN:MAX.");
        InvalidSettingException.ThrowUnless(MinLength >= 1, SpecFields.UnrollSchedule, $"MIN must be at least 1; got {MinLength}.");
        InvalidSettingException.ThrowUnless(MinLength <= MaxLength, SpecFields.UnrollSchedule, $"MIN must not exceed MAX; got MIN {MinLength} and MAX {MaxLength}.");
        InvalidSettingException.ThrowUnless(
            MaxLength <= horizon, SpecFields.UnrollSchedule, $"MAX must not exceed the horizon ({horizon}), the longest episode; got {MaxLength}.");
        return this;
    }

    public override string ToString() => $"log-uniform:{MinLength}:{MaxLength}";
}
