using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using SkiaSharp;

namespace L2LCluster.Learning.Vision;

/// <summary>
/// An RGB image as floats in [0, 1], channel-major ([3, Height, Width]), decoded by SkiaSharp. Cropping and resizing are
/// done here in managed code (a box filter), so a problem's image is the same on every machine and device.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, float[] channelMajor)
    {
        ArgumentNullException.ThrowIfNull(channelMajor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channelMajor.Length != 3L * width * height)
        {
            throw new ArgumentException($"A {width} × {height} RGB image has {3L * width * height} values; got {channelMajor.Length}.", nameof(channelMajor));
        }

        Width = width;
        Height = height;
        Pixels = channelMajor;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>[3, Height, Width]: the red plane, then green, then blue.</summary>
    public float[] Pixels { get; }

    /// <summary>True when some pixel's channels differ: a colour image, not a grey one stored as RGB.</summary>
    public bool IsColour
    {
        get
        {
            var plane = Width * Height;
            for (var i = 0; i < plane; i++)
            {
                if (Pixels[i] != Pixels[plane + i] || Pixels[i] != Pixels[2 * plane + i])
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Decodes a JPEG, PNG or other format SkiaSharp reads; <paramref name="opaque"/> is false when some pixel is not fully
    /// opaque (its colour then means little). A missing or undecodable file is refused under <paramref name="setting"/>.
    /// </summary>
    public static RgbImage Load(string path, string setting, out bool opaque)
    {
        InvalidSettingException.ThrowUnless(File.Exists(path), setting, $"the image '{path}' does not exist.");
        using var codec = SKCodec.Create(path);
        InvalidSettingException.ThrowUnless(codec is not null, setting, $"'{path}' is not an image that SkiaSharp can decode.");
        var info = new SKImageInfo(codec!.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = SKBitmap.Decode(codec, info);
        InvalidSettingException.ThrowUnless(bitmap is not null, setting, $"'{path}' could not be decoded.");
        var bytes = bitmap!.GetPixelSpan();
        var (width, height) = (info.Width, info.Height);
        var plane = width * height;
        var pixels = new float[3 * plane];
        opaque = true;
        for (var i = 0; i < plane; i++)
        {
            for (var channel = 0; channel < 3; channel++)
            {
                pixels[channel * plane + i] = bytes[4 * i + channel] / 255f;
            }

            opaque &= bytes[4 * i + 3] == 255;
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>An image from [3, side, side] values (such as an optimized θ), clamped to [0, 1].</summary>
    public static RgbImage FromValues(ReadOnlySpan<float> values, int width, int height)
    {
        var pixels = new float[values.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = float.IsNaN(values[i]) ? 0f : Math.Clamp(values[i], 0f, 1f);
        }

        return new RgbImage(width, height, pixels);
    }

    public RgbImage Crop(int left, int top, int width, int height)
    {
        if (left < 0 || top < 0 || width < 1 || height < 1 || left + width > Width || top + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"The crop {width} × {height} at ({left}, {top}) is not inside the {Width} × {Height} image.");
        }

        var pixels = new float[3 * width * height];
        for (var channel = 0; channel < 3; channel++)
        {
            for (var y = 0; y < height; y++)
            {
                Pixels.AsSpan((channel * Height + top + y) * Width + left, width).CopyTo(pixels.AsSpan((channel * height + y) * width, width));
            }
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>The largest centred square.</summary>
    public RgbImage CentreSquare()
    {
        var side = Math.Min(Width, Height);
        return Crop((Width - side) / 2, (Height - side) / 2, side, side);
    }

    /// <summary>Resized by a box filter: every target pixel is the mean of the source pixels its footprint covers (at least one).</summary>
    public RgbImage Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var columns = Footprints(Width, width);
        var rows = Footprints(Height, height);
        var pixels = new float[3 * width * height];
        for (var channel = 0; channel < 3; channel++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var sum = 0.0;
                    for (var sy = rows[y].Start; sy < rows[y].End; sy++)
                    {
                        for (var sx = columns[x].Start; sx < columns[x].End; sx++)
                        {
                            sum += Pixels[(channel * Height + sy) * Width + sx];
                        }
                    }

                    pixels[(channel * height + y) * width + x] = (float)(sum / ((rows[y].End - rows[y].Start) * (columns[x].End - columns[x].Start)));
                }
            }
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>Writes the image as an 8-bit PNG (atomically).</summary>
    public void SavePng(string path)
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var bytes = bitmap.GetPixelSpan();
        var plane = Width * Height;
        for (var i = 0; i < plane; i++)
        {
            for (var channel = 0; channel < 3; channel++)
            {
                bytes[4 * i + channel] = (byte)Math.Round(Math.Clamp(Pixels[channel * plane + i], 0f, 1f) * 255f);
            }

            bytes[4 * i + 3] = 255;
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, data.ToArray());
    }

    private static (int Start, int End)[] Footprints(int source, int target) =>
    [
        .. Enumerable.Range(0, target).Select(index =>
        {
            var start = (int)((long)index * source / target);
            return (start, Math.Max(start + 1, (int)((long)(index + 1) * source / target)));
        }),
    ];
}
