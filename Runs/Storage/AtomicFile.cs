using System.Runtime.InteropServices;

namespace L2LCluster.Runs.Storage;

/// <summary>
/// Writes a file so that readers see the old content or the new, never a torn mix, and so that the new survives a
/// power cut: the bytes go to a temporary file beside the target, are flushed to disk, renamed over it, and the
/// folder itself is flushed so that the rename is on disk too.
/// </summary>
public static partial class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        FlushFolder(directory);
    }

    /// <summary>Removes the temporary files a writer killed in the middle of a write left in <paramref name="directory"/>.</summary>
    public static void RemoveLeftovers(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(directory, $".*{TemporarySuffix}"))
        {
            File.Delete(leftover);
        }
    }

    /// <summary>A rename is durable only once its folder is flushed (POSIX); elsewhere the system does it.</summary>
    private static void FlushFolder(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnlyDirectory);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open the folder '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"cannot flush the folder '{directory}' to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>O_RDONLY | O_DIRECTORY on Linux.</summary>
    private const int ReadOnlyDirectory = 0x10000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
