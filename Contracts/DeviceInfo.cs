namespace L2LCluster.Contracts;

/// <summary>One compute device of a silo and the worker grain that owns it.</summary>
/// <param name="Silo">The silo's address (parsable form).</param>
/// <param name="Index">The device's index on that silo.</param>
/// <param name="Kind">"cpu" or "cuda".</param>
/// <param name="Description">For people: e.g. "cpu (4 threads)" or "cuda:0".</param>
[GenerateSerializer, Immutable, Alias("l2l.DeviceInfo")]
public sealed record DeviceInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Index,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Description)
{
    /// <summary>The key of the worker grain placed on this device.</summary>
    public string WorkerKey => WorkerKeys.Create(Silo, Index);
}
