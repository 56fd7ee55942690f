using System.Runtime.InteropServices;

namespace L2LCluster.Runs;

/// <summary>
/// float32 vectors (and the few float64 ones, ES and PES's loss differences) as the bytes that cross the wire and go
/// into files (little-endian, as every platform we run on): Orleans copies a byte array in bulk, a float[] element by element.
/// </summary>
public static class FloatPayload
{
    public static byte[] ToBytes(ReadOnlySpan<float> values) => MemoryMarshal.AsBytes(values).ToArray();

    public static float[] ToFloats(ReadOnlySpan<byte> bytes) => AsFloats(bytes).ToArray();

    /// <summary>The bytes seen as floats, without a copy.</summary>
    public static ReadOnlySpan<float> AsFloats(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new ArgumentException($"A float32 payload must be a multiple of 4 bytes long; got {bytes.Length}.", nameof(bytes));
        }

        return MemoryMarshal.Cast<byte, float>(bytes);
    }

    public static byte[] ToBytes(ReadOnlySpan<double> values) => MemoryMarshal.AsBytes(values).ToArray();

    public static double[] ToDoubles(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(double) != 0)
        {
            throw new ArgumentException($"A float64 payload must be a multiple of 8 bytes long; got {bytes.Length}.", nameof(bytes));
        }

        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }
}
