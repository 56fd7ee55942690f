namespace L2LCluster.Contracts;

/// <summary>
/// Keys of silo-bound grains: "{silo}|{device}" for a worker, "{silo}" for a silo's device list. The placement
/// director reads the silo back from the key, so such a grain only ever lives on the silo it names.
/// </summary>
public static class WorkerKeys
{
    public const char Separator = '|';

    public static string Create(string silo, int deviceIndex) => $"{silo}{Separator}{deviceIndex}";

    /// <summary>The device index of a worker key.</summary>
    public static int DeviceOf(string workerKey)
    {
        ArgumentNullException.ThrowIfNull(workerKey);
        return int.Parse(workerKey.AsSpan(workerKey.LastIndexOf(Separator) + 1), provider: null);
    }

    /// <summary>The silo part of a silo-bound key.</summary>
    public static string SiloOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? key : key[..separator];
    }
}
