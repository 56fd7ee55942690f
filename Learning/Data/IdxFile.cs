using System.Buffers.Binary;
using System.IO.Compression;
using L2LCluster.Runs;

namespace L2LCluster.Learning.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST: two zero bytes, a type code, a dimension count, one big-endian
/// int32 size per dimension, then the values. Files may be gzip-compressed whatever their name, so compression is
/// told by the gzip magic bytes rather than by the extension.
/// </summary>
public static class IdxFile
{
    /// <summary>The type code of unsigned bytes, the only one the MNIST family uses.</summary>
    public const byte UnsignedByteType = 0x08;

    private const int MaxDimensions = 16;

    /// <summary>
    /// Reads <paramref name="path"/>; any problem with it is an <see cref="InvalidSettingException"/> for
    /// <paramref name="setting"/> (the option that named the file) whose message names the file.
    /// </summary>
    public static IdxArray Read(string path, string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        if (!File.Exists(path))
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' does not exist.");
        }

        try
        {
            using var file = File.OpenRead(path);
            using var content = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            return Read(content, path, setting);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' is corrupt: {exception.Message}");
        }
        catch (IOException exception)
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' cannot be read: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' cannot be read: {exception.Message}");
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var isGzip = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length
            && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        return isGzip;
    }

    private static IdxArray Read(Stream content, string path, string setting)
    {
        Span<byte> magic = stackalloc byte[4];
        ReadExactly(content, magic, path, setting, "its header");
        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidSettingException(setting, $"'{path}' is not an IDX file: it must start with two zero bytes, not 0x{magic[0]:X2} 0x{magic[1]:X2}.");
        }

        if (magic[2] != UnsignedByteType)
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' has type code 0x{magic[2]:X2}; only 0x{UnsignedByteType:X2} (unsigned bytes) is supported.");
        }

        int dimensionCount = magic[3];
        if (dimensionCount is < 1 or > MaxDimensions)
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' declares {dimensionCount} dimensions; it must have 1 to {MaxDimensions}.");
        }

        var sizes = new byte[4 * dimensionCount];
        ReadExactly(content, sizes, path, setting, "its header");
        var dimensions = new int[dimensionCount];
        long length = 1;
        for (var i = 0; i < dimensionCount; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
            if (dimensions[i] < 1)
            {
                throw new InvalidSettingException(setting, $"the IDX file '{path}' declares size {dimensions[i]} for dimension {i}; every size must be positive.");
            }

            // Dividing instead of multiplying first keeps the check itself from overflowing.
            if (length > Array.MaxLength / dimensions[i])
            {
                throw new InvalidSettingException(setting, $"the IDX file '{path}' declares dimensions {string.Join(" × ", dimensions[..(i + 1)])}, more than {Array.MaxLength} values.");
            }

            length *= dimensions[i];
        }

        var values = ReadDeclared(content, length, path, setting, $"the {length} values its header declares ({string.Join(" × ", dimensions)})");
        var trailing = CountRemaining(content);
        if (trailing > 0)
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' has {trailing} bytes after the {length} values its header declares ({string.Join(" × ", dimensions)}).");
        }

        return new IdxArray(dimensions, values);
    }

    private static void ReadExactly(Stream content, Span<byte> target, string path, string setting, string what)
    {
        var read = content.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        if (read < target.Length)
        {
            throw new InvalidSettingException(setting, $"the IDX file '{path}' is truncated: it ends {target.Length - read} bytes short of {what}.");
        }
    }

    /// <summary>
    /// The <paramref name="length"/> values the header declares, read as they come: a header that declares more than
    /// the file holds costs no more memory than the file's own bytes before it is refused.
    /// </summary>
    private static byte[] ReadDeclared(Stream content, long length, string path, string setting, string what)
    {
        using var values = new MemoryStream();
        var chunk = new byte[81920];
        while (values.Length < length)
        {
            var read = content.Read(chunk, 0, (int)Math.Min(chunk.Length, length - values.Length));
            if (read == 0)
            {
                throw new InvalidSettingException(setting, $"the IDX file '{path}' is truncated: it ends {length - values.Length} bytes short of {what}.");
            }

            values.Write(chunk, 0, read);
        }

        return values.ToArray();
    }

    private static long CountRemaining(Stream content)
    {
        var buffer = new byte[81920];
        long count = 0;
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            count += read;
        }

        return count;
    }
}
