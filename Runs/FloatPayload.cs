using System.Runtime.InteropServices;

namespace L2LCluster.Runs;

/// <summary>float32 vectors as the bytes that cross the wire and go into files (little-endian, as every platform we run on).</summary>
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
}
