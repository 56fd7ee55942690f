namespace L2LCluster.Contracts;

/// <summary>
/// A grain interface that clients (the console, a user's program) may call. The silos refuse a client's call to any
/// grain that implements none: workers, device grains and Orleans' management grain are reachable from silos only.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class ClientFacingAttribute : Attribute;
