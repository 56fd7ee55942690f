namespace L2LCluster.Runs.Storage;

/// <summary>
/// The one process that trains a run in its folder: an exclusive lock on the folder's lock file, held for as long as
/// the run trains and released by the system when that process ends however it ends, so that two l2l processes never
/// train one run and a live process is told from a dead one whose id was reused.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    private readonly FileStream _lock;

    private RunFolderLock(FileStream held)
    {
        _lock = held;
    }

    private const int Attempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(40);

    /// <summary>The lock, or null when another process holds it (a process that only looks at it is waited for).</summary>
    public static async Task<RunFolderLock?> TryTakeAsync(RunFolder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder.Path);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new RunFolderLock(new FileStream(folder.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (attempt < Attempts)
            {
                await Task.Delay(RetryDelay, cancellationToken);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Whether a process trains the run now (holds its lock); the folder is left as it was.</summary>
    public static bool IsHeld(RunFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!File.Exists(folder.LockPath))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(folder.LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _lock.Dispose();
}
