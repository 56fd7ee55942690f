namespace L2LCluster.Contracts;

/// <summary>
/// One per silo (keyed by the silo's address, placed on it): the problem families the silo's host registered, so a
/// run naming a family is checked against the cluster that will train it, not against the client's own catalog.
/// </summary>
public interface ISiloProblemsGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<string>> GetFamiliesAsync();
}
