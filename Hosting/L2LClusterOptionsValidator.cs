using L2LCluster.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace L2LCluster.Hosting;

/// <summary>A silo of L2LCluster's grains needs somewhere to keep its runs.</summary>
internal sealed class L2LClusterOptionsValidator(IServiceProviderIsService services) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (!services.IsService(typeof(IRunStore)))
        {
            throw new OrleansConfigurationException($"{SiloConfiguration.StorageKindKey}: no run store: add AddDirectoryRunStore or AddRedisRunStore to the silo.");
        }
    }
}
