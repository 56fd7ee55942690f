using L2LCluster.Contracts;
using L2LCluster.Grains.Placement;
using L2LCluster.Learning.Problems;

namespace L2LCluster.Grains.Workers;

[SiloBoundPlacement]
public sealed class SiloProblemsGrain(ProblemCatalog problems) : Grain, ISiloProblemsGrain
{
    public Task<IReadOnlyList<string>> GetFamiliesAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. problems.Names.Order(StringComparer.Ordinal)]);
}
