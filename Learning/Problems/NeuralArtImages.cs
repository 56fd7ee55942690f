using System.Text;
using L2LCluster.Learning.Data;
using L2LCluster.Learning.Randomness;
using L2LCluster.Learning.Vision;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The content photographs of a folder, split once and for all into training and held-out images by a hash of each file
/// name (a quarter held out), so the split never depends on which other files the folder holds. A content image is a
/// JPEG or PNG in colour, fully opaque, at least <see cref="MinimumSide"/> pixels on each side, and not the style image;
/// it is kept box-filtered to at most <see cref="WorkingSide"/> pixels on its shorter side (crops are resized far below).
/// Read once per process and folder.
/// </summary>
public sealed class NeuralArtImages
{
    public const int MinimumSide = 128;

    public const int WorkingSide = 256;

    /// <summary>One in <see cref="HeldOutEvery"/> names (by hash) is held out.</summary>
    public const int HeldOutEvery = 4;

    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    private static readonly OnceCache<NeuralArtImages> Loaded = new(Read);

    private NeuralArtImages(IReadOnlyList<(string Name, RgbImage Image)> training, IReadOnlyList<(string Name, RgbImage Image)> heldOut)
    {
        Training = training;
        HeldOut = heldOut;
    }

    public IReadOnlyList<(string Name, RgbImage Image)> Training { get; }

    public IReadOnlyList<(string Name, RgbImage Image)> HeldOut { get; }

    public IReadOnlyList<(string Name, RgbImage Image)> Split(DataSplit split) => split == DataSplit.Test ? HeldOut : Training;

    /// <summary>
    /// The content images of <paramref name="directory"/> other than <paramref name="stylePath"/>; a folder without
    /// usable images, or an image that cannot be decoded, is refused naming <paramref name="setting"/>, the field that
    /// gave the folder.
    /// </summary>
    public static NeuralArtImages Load(string directory, string stylePath, string setting) =>
        Loaded.Get($"{Path.GetFullPath(directory)}|{Path.GetFullPath(stylePath)}|{setting}");

    /// <summary>Whether the file named <paramref name="fileName"/> belongs to the held-out images (when it is a content image at all).</summary>
    public static bool IsHeldOut(string fileName)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var value in Encoding.UTF8.GetBytes(fileName))
        {
            hash = (hash ^ value) * 0x100000001B3UL;
        }

        return SeedSequence.Mix(hash) % HeldOutEvery == 0;
    }

    private static NeuralArtImages Read(string key)
    {
        var parts = key.Split('|');
        var (directory, style, setting) = (parts[0], parts[1], parts[2]);
        InvalidSettingException.ThrowUnless(Directory.Exists(directory), setting, $"the content image folder '{directory}' does not exist (the photographs of Debian's opencv-doc package are in {NeuralArtProblems.DefaultContentDirectory}).");
        var images = Directory.EnumerateFiles(directory)
            .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) && Path.GetFullPath(file) != style)
            .Order(StringComparer.Ordinal)
            .Select(file => (Name: Path.GetFileName(file), Image: RgbImage.Load(file, setting, out var opaque), Opaque: opaque))
            .Where(entry => entry.Opaque && entry.Image.IsColour && Math.Min(entry.Image.Width, entry.Image.Height) >= MinimumSide)
            .Select(entry => (entry.Name, Image: Shrink(entry.Image)))
            .ToArray();
        var heldOut = images.Where(entry => IsHeldOut(entry.Name)).ToArray();
        var training = images.Where(entry => !IsHeldOut(entry.Name)).ToArray();
        InvalidSettingException.ThrowUnless(
            heldOut.Length > 0 && training.Length > 0,
            setting,
            $"'{directory}' has {images.Length} usable content image(s) (colour JPEG or PNG, opaque, at least {MinimumSide} × {MinimumSide}), {training.Length} for training and {heldOut.Length} held out; both sets need at least one.");
        return new NeuralArtImages(training, heldOut);
    }

    private static RgbImage Shrink(RgbImage image)
    {
        var shorter = Math.Min(image.Width, image.Height);
        return shorter <= WorkingSide ? image : image.Resize(image.Width * WorkingSide / shorter, image.Height * WorkingSide / shorter);
    }
}
