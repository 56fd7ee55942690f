using System.Collections.Concurrent;
using L2LCluster.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace L2LCluster.Grains.Security;

/// <summary>
/// Lets a client call only grains with a <see cref="ClientFacingAttribute"/> interface (runs, their status and
/// control), and the system targets <see cref="ClientCallOptions"/> names; every other call from a client
/// is refused before it reaches its grain. Calls between silos, and from code of a silo's own outside its grains (its
/// hosted client, "hosted-…"), pass untouched. The sender is what the client's messages say: the filter keeps an
/// Orleans client to the run grains, and a client certificate stays trust in its holder.
/// </summary>
public sealed partial class ClientCallFilter(IOptions<ClientCallOptions> options, ILogger<ClientCallFilter> logger) : IIncomingGrainCallFilter
{
    private readonly HashSet<GrainType> _systemTargets = [.. options.Value.SystemTargets.Select(SystemTargetGrainId.CreateGrainType)];

    /// <summary>The key prefix of a silo's own client (Orleans' HostedClient).</summary>
    private const string HostedClientPrefix = "hosted-";

    private readonly ConcurrentDictionary<Type, bool> _clientFacing = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SourceId is not { } source || !IsExternalClient(source) || MayBeCalledByClients(context))
        {
            return context.Invoke();
        }

        LogRefused(logger, context.InterfaceName, context.MethodName, source);
        throw new UnauthorizedAccessException($"Clients may call only the run grains; {context.InterfaceName}.{context.MethodName} is not one of them.");
    }

    private static bool IsExternalClient(GrainId source) =>
        source.Type.IsClient() && !source.Key.ToString().StartsWith(HostedClientPrefix, StringComparison.Ordinal);

    private bool MayBeCalledByClients(IIncomingGrainCallContext context) =>
        _systemTargets.Contains(context.TargetId.Type)
        || (context.TargetContext.GrainInstance is { } grain
            && _clientFacing.GetOrAdd(grain.GetType(), type => type.GetInterfaces().Any(contract => contract.IsDefined(typeof(ClientFacingAttribute), inherit: false))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a client's call to {Interface}.{Method} (client {Client}): clients may call only the run grains")]
    private static partial void LogRefused(ILogger logger, string @interface, string method, GrainId client);
}
