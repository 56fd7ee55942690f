using System.Numerics;
using System.Runtime.InteropServices;

namespace L2LCluster.Runs;

/// <summary>
/// The two loops over whole φ-sized arrays that a coordinator runs once per worker answer, in SIMD: with a thousand
/// workers they are most of its time per iteration.
/// </summary>
public static class FloatVectors
{
    /// <summary>The exponent bits of a float32: all set means infinity or NaN.</summary>
    private const int ExponentMask = 0x7F80_0000;

    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, int>(values);
        var mask = new Vector<int>(ExponentMask);
        var index = 0;
        for (; index <= bits.Length - Vector<int>.Count; index += Vector<int>.Count)
        {
            if (Vector.EqualsAny(new Vector<int>(bits[index..]) & mask, mask))
            {
                return false;
            }
        }

        for (; index < bits.Length; index++)
        {
            if ((bits[index] & ExponentMask) == ExponentMask)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>sum += scale · values, widened to double so that a thousand additions keep float32's precision.</summary>
    public static void AddScaled(Span<double> sum, ReadOnlySpan<float> values, double scale)
    {
        if (sum.Length != values.Length)
        {
            throw new ArgumentException($"Cannot add {values.Length} values into a sum of {sum.Length}.", nameof(values));
        }

        var factor = new Vector<double>(scale);
        var index = 0;
        for (; index <= values.Length - Vector<float>.Count; index += Vector<float>.Count)
        {
            Vector.Widen(new Vector<float>(values[index..]), out var low, out var high);
            var lowSum = sum[index..];
            var highSum = sum[(index + Vector<double>.Count)..];
            (new Vector<double>(lowSum) + (low * factor)).CopyTo(lowSum);
            (new Vector<double>(highSum) + (high * factor)).CopyTo(highSum);
        }

        for (; index < values.Length; index++)
        {
            sum[index] += scale * values[index];
        }
    }
}
