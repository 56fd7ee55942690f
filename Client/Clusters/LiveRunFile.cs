using System.Text;
using System.Text.Json;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Clusters;

/// <summary>
/// Written into a run folder while an l2l process trains that run on its embedded cluster, and removed when it
/// ends: how other l2l processes on the machine (watch, stop, status, runs) reach the run's coordinator.
/// </summary>
/// <param name="Gateway">The embedded silo's gateway, HOST:PORT.</param>
/// <param name="ClusterId">The embedded cluster's id.</param>
/// <param name="ProcessId">The l2l process that runs it.</param>
internal sealed record LiveRunFile(string Gateway, string ClusterId, int ProcessId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the file into <paramref name="folder"/>; disposing the result removes it.</summary>
    public IDisposable WriteTo(RunFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        AtomicFile.Write(folder.LiveFilePath, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json)));
        return new Removal(folder.LiveFilePath);
    }

    /// <summary>
    /// The run folder's live file, if the process that wrote it still trains the run (holds its lock); a stale one, left
    /// by a process that died (whose id another process may have taken since), is ignored.
    /// </summary>
    public static LiveRunFile? Read(RunFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        LiveRunFile? live;
        try
        {
            live = JsonSerializer.Deserialize<LiveRunFile>(File.ReadAllText(folder.LiveFilePath), Json);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }

        return live is not null && RunFolderLock.IsHeld(folder) ? live : null;
    }

    private sealed class Removal(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
