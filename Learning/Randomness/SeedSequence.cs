namespace L2LCluster.Learning.Randomness;

/// <summary>
/// Derives independent 64-bit seeds from a run seed and a path of integers (episode, problem index, …), so that
/// every machine samples the same problems for the same coordinates without sharing any generator state.
/// </summary>
public static class SeedSequence
{
    public static ulong Derive(ulong seed, params ReadOnlySpan<ulong> path)
    {
        var state = Mix(seed ^ 0x4C324C436C757374UL);
        foreach (var step in path)
        {
            state = Mix(state ^ Mix(step + 0x9E3779B97F4A7C15UL));
        }

        return state;
    }

    /// <summary>The SplitMix64 finalizer: a bijective avalanche over 64 bits.</summary>
    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
