using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Vision;

namespace L2LCluster.Learning.Tests;

/// <summary>A folder of small colour PNGs (smooth gradients and stripes, drawn from a seed) with training and held-out names.</summary>
internal static class GeneratedPhotographs
{
    public const string StyleFile = "style.png";

    public static void Write(string folder, int count = 6, int side = NeuralArtImages.MinimumSide)
    {
        var written = 0;
        for (var index = 0; written < count || !Directory.EnumerateFiles(folder).Any(file => NeuralArtImages.IsHeldOut(Path.GetFileName(file))); index++)
        {
            var name = $"photo{index}.png";
            if (written >= count && !NeuralArtImages.IsHeldOut(name))
            {
                continue;
            }

            Image(index, side).SavePng(Path.Combine(folder, name));
            written++;
        }

        Image(1000, side).SavePng(Path.Combine(folder, StyleFile));
    }

    public static RgbImage Image(int seed, int side)
    {
        var random = new Randomness.DeterministicRandom((ulong)seed);
        var (frequency, phase, tilt) = (1 + random.NextInt(6), random.NextDouble() * Math.PI, random.NextDouble());
        var pixels = new float[3 * side * side];
        for (var channel = 0; channel < 3; channel++)
        {
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var wave = Math.Sin(frequency * (x + tilt * y) * Math.PI / side + phase + channel);
                    pixels[(channel * side + y) * side + x] = (float)(0.5 + 0.4 * wave * (channel + 1) / 3);
                }
            }
        }

        return new RgbImage(side, side, pixels);
    }
}
