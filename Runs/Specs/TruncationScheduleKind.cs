using System.Text.Json.Serialization;

namespace L2LCluster.Runs.Specs;

/// <summary>How a non-constant <see cref="TruncationSchedule"/> draws its episode lengths.</summary>
[GenerateSerializer]
public enum TruncationScheduleKind
{
    /// <summary>learned_optimization's LogUniformLengthSchedule: more short episodes than long ones.</summary>
    [JsonStringEnumMemberName("log-uniform")]
    LogUniform,
}
