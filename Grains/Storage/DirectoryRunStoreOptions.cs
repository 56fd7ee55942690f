using L2LCluster.Runs;

namespace L2LCluster.Grains.Storage;

/// <summary>A run store of run folders under one directory (configuration: Storage:Directory).</summary>
public sealed class DirectoryRunStoreOptions
{
    /// <summary>The folder holding one sub-folder per run; every silo of a cluster must see the same one.</summary>
    public string Directory { get; set; } = "runs";

    /// <summary>Checks the folder can hold runs: named, and creatable.</summary>
    public DirectoryRunStoreOptions Validate()
    {
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(Directory), Key, "must name the folder that holds the run folders.");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException(Key, $"cannot create '{Path.GetFullPath(Directory)}': {error.Message}");
        }

        return this;
    }

    private const string Key = "Storage:Directory";
}
