using CsCheck;

namespace L2LCluster.Testing;

/// <summary>
/// Fuzzing of a reader of untrusted bytes: CsCheck samples, from a fixed seed, mutations of a committed corpus (bytes
/// overwritten, bits flipped, truncations, insertions, a chunk repeated, random bytes) and hands each to the reader.
/// Every input must be read, or refused with the reader's documented error in one line; no input may make it
/// allocate more than its stated bound. A failure is shrunk by CsCheck and reported with the input.
/// </summary>
public static class UntrustedBytes
{
    private const int Overwrite = 0;
    private const int FlipBit = 1;
    private const int Truncate = 2;
    private const int Insert = 3;
    private const int Repeat = 4;
    private const int Replace = 5;

    /// <param name="corpus">The folder of seed inputs (committed with the tests).</param>
    /// <param name="read">The reader under test.</param>
    /// <param name="allocationBound">The most bytes the reader may allocate for an input of the given length.</param>
    /// <param name="iterations">How many inputs.</param>
    /// <typeparam name="TDocumented">The error the reader documents for a bad input.</typeparam>
    public static void Fuzz<TDocumented>(string corpus, Action<byte[]> read, Func<int, long> allocationBound, int iterations)
        where TDocumented : Exception
    {
        var seeds = Directory.GetFiles(corpus).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        if (seeds.Length == 0)
        {
            throw new InvalidOperationException($"The fuzzing corpus {corpus} is empty.");
        }

        var inputs = Gen.Int[0, seeds.Length - 1].SelectMany(index => Mutations.Select(mutations => Apply(seeds[index], mutations)));
        inputs.Sample(
            input => ReadWithinBound<TDocumented>(input, read, allocationBound(input.Length)),
            seed: new PCG(1, 20261201).ToString(),
            iter: iterations,
            threads: 1,
            print: input => $"{input.Length} bytes: {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}");
    }

    private static Gen<(int Kind, int Position, int Length, byte[] Bytes)[]> Mutations { get; } =
        Gen.Select(Gen.Int[Overwrite, Replace], Gen.Int[0, int.MaxValue], Gen.Int[1, 64], Gen.Byte.Array[1, 16]).Array[1, 6];

    private static void ReadWithinBound<TDocumented>(byte[] input, Action<byte[]> read, long bound)
        where TDocumented : Exception
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            read(input);
        }
        catch (TDocumented error) when (!error.Message.Contains('\n', StringComparison.Ordinal))
        {
            // Refused as documented, in one line.
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > bound)
        {
            throw new InvalidOperationException($"Reading {input.Length} bytes allocated {allocated} bytes, more than the bound of {bound}.");
        }
    }

    private static byte[] Apply(byte[] seed, (int Kind, int Position, int Length, byte[] Bytes)[] mutations)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, position, length, inserted) in mutations)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case Overwrite when bytes.Count > 0:
                    for (var i = 0; i < inserted.Length && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = inserted[i];
                    }

                    break;
                case FlipBit when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (length % 8));
                    break;
                case Truncate:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case Insert:
                    bytes.InsertRange(at, inserted);
                    break;
                case Repeat when bytes.Count > 0:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(length, bytes.Count - at)));
                    break;
                case Replace:
                    bytes = [.. inserted];
                    break;
            }
        }

        return [.. bytes];
    }
}
