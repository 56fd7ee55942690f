using L2LCluster.Runs;

namespace L2LCluster.Client.Plots;

/// <summary>
/// Where a loss-curve plot goes: PATH.png and PATH.svg. Checked before any work starts, so a long evaluation never
/// ends in a crash on a folder that does not exist, and a plot never silently replaces an earlier one (as export
/// never replaces a file).
/// </summary>
public sealed record PlotTarget
{
    private static readonly string[] Extensions = [".png", ".svg"];

    private PlotTarget(string pathWithoutExtension) => PathWithoutExtension = pathWithoutExtension;

    public string PathWithoutExtension { get; }

    public string Png => PathWithoutExtension + ".png";

    public string Svg => PathWithoutExtension + ".svg";

    /// <summary>
    /// The plot for <paramref name="path"/>; a trailing .png or .svg names the same pair. Refused (naming
    /// <paramref name="setting"/>) when its folder does not exist or either file already does.
    /// </summary>
    public static PlotTarget Resolve(string path, string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var extension = Path.GetExtension(full);
        if (Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            full = full[..^extension.Length];
        }

        var target = new PlotTarget(full);
        var folder = Path.GetDirectoryName(full)!;
        InvalidSettingException.ThrowUnless(Directory.Exists(folder), setting, $"the folder '{folder}' does not exist; create it or plot elsewhere.");
        foreach (var file in new[] { target.Png, target.Svg })
        {
            InvalidSettingException.ThrowUnless(!File.Exists(file) && !Directory.Exists(file), setting, $"'{file}' already exists; choose a new path so nothing is overwritten.");
        }

        return target;
    }
}
