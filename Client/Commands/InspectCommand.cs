using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using MessagePack;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l inspect FILE</c>: what an optimizer file (.l2lopt) or a run checkpoint (.l2lckpt) holds, after the same
/// checks as loading it (format, schema, checksum, architecture). Needs no libtorch.
/// </summary>
internal sealed class InspectCommand
{
    private readonly Argument<string> _file = new("FILE") { Description = "An optimizer file (.l2lopt) or a run checkpoint (.l2lckpt)." };
    private readonly Option<string?> _format = new("--format") { Description = "text or json." };

    public Command Build()
    {
        var command = new Command("inspect", "Show what an optimizer or checkpoint file holds: format, schema, architecture, preprocessing, φ size and norm, iteration, spec.") { _file, _format };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult result)
    {
        var format = result.GetValue(_format) ?? "text";
        InvalidSettingException.ThrowUnless(format is "text" or "json", _format.Name, $"unknown value '{format}'; allowed: text, json.");
        var path = result.GetValue(_file)!;
        var fields = Describe(path, Read(path));
        Console.Write(format == "json" ? ToJson(fields) : ToText(fields));
        return ExitCodes.Success;
    }

    private static byte[] Read(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            InvalidSettingException.ThrowUnless(bytes.Length > 0, path, "the file is empty.");
            return bytes;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException(path, $"cannot read the file: {error.Message}");
        }
    }

    /// <summary>The file's fields in the order they are shown; the spec last, as JSON.</summary>
    private static List<(string Name, object? Value)> Describe(string path, byte[] bytes)
    {
        var (format, schema) = Header(bytes);
        if (format == OptimizerFile.Format)
        {
            var file = OptimizerFile.Deserialize(bytes, path);
            var architecture = file.Model.Architecture;
            return
            [
                ("file", Path.GetFullPath(path)),
                ("kind", "learned optimizer"),
                ("format", $"{format}, schema {schema}"),
                ("architecture", $"{architecture.KindName} [{string.Join(", ", architecture.HiddenSizes)}]"),
                ("preprocessing", architecture.Kind == OptimizerKind.Mlp ? "- (the MLP's features are fixed)" : architecture.Preprocessing.ToString()),
                ("output scale", architecture.Kind == OptimizerKind.Mlp ? (object)"-" : architecture.OutputScale),
                ("phi", PhiSummary(file.Model.Parameters)),
                ("problem", file.Info.Problem),
                ("iterations", file.Info.Iterations),
                ("created", file.Info.CreatedUtc.ToString("u", CultureInfo.InvariantCulture)),
                ("spec", Spec(file.Info.TrainingSpec)),
            ];
        }

        if (format == RunCheckpointFormat.Format)
        {
            var checkpoint = RunCheckpointFormat.Read(bytes, path);
            var spec = checkpoint.Spec.Training;
            return
            [
                ("file", Path.GetFullPath(path)),
                ("kind", "run checkpoint"),
                ("format", $"{format}, schema {schema}"),
                ("run", checkpoint.Spec.RunId),
                ("state", checkpoint.State.ToString().ToLowerInvariant()),
                ("iteration", $"{checkpoint.Iteration} of {spec.Iterations}"),
                ("phi version", checkpoint.PhiVersion),
                ("architecture", $"{spec.Architecture.KindName} [{string.Join(", ", spec.HiddenSizes)}]"),
                ("preprocessing", spec.ArchitectureKind == OptimizerKind.Mlp ? "- (the MLP's features are fixed)" : spec.GradientPreprocessing.ToString()),
                ("output scale", spec.ArchitectureKind == OptimizerKind.Mlp ? (object)"-" : spec.OutputScale),
                ("phi", PhiSummary(checkpoint.Phi)),
                ("adam", string.Create(CultureInfo.InvariantCulture, $"step {checkpoint.AdamStep}, |m| {Norm(checkpoint.AdamFirstMoment):G5}, |v| {Norm(checkpoint.AdamSecondMoment):G5}")),
                ("best phi", checkpoint.Best is { } best ? string.Create(CultureInfo.InvariantCulture, $"iteration {best.Iteration}, validation loss {best.ValidationLoss:G5}, {PhiSummary(best.Phi)}") : "-"),
                ("next episode", checkpoint.NextEpisode),
                ("rejected gradients", checkpoint.RejectedGradients),
                ("checkpoint every", checkpoint.Spec.CheckpointEvery),
                ("worker deadline", $"{checkpoint.Spec.WorkerDeadline.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"),
                ("error", checkpoint.Error ?? "-"),
                ("spec", Spec(SpecJson.Serialize(spec))),
            ];
        }

        throw new InvalidSettingException(path, "it is neither an L2LCluster optimizer file (.l2lopt) nor a run checkpoint (.l2lckpt): unknown or corrupt header.");
    }

    /// <summary>The format tag and schema version both file kinds start with; nulls when the bytes do not start so.</summary>
    private static (string? Format, int? Schema) Header(byte[] bytes)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() < 2 || reader.NextMessagePackType != MessagePackType.String)
            {
                return (null, null);
            }

            var format = reader.ReadString();
            return (format, reader.NextMessagePackType == MessagePackType.Integer ? reader.ReadInt32() : null);
        }
        catch (Exception error) when (error is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            return (null, null);
        }
    }

    private static string PhiSummary(float[] phi) =>
        string.Create(CultureInfo.InvariantCulture, $"{phi.Length} float32, L2 norm {Norm(phi):G6}, SHA-256 verified");

    private static double Norm(float[] values) => Math.Sqrt(values.Sum(value => (double)value * value));

    private static JsonNode? Spec(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string ToText(List<(string Name, object? Value)> fields)
    {
        var width = fields.Max(field => field.Name.Length) + 2;
        return string.Concat(fields.Select(field => string.Create(CultureInfo.InvariantCulture,
            $"{field.Name.PadRight(width)}{(field.Value is JsonNode node ? node.ToJsonString(Indented).Replace("\n", "\n" + new string(' ', width), StringComparison.Ordinal) : Convert.ToString(field.Value, CultureInfo.InvariantCulture))}{Environment.NewLine}")));
    }

    private static string ToJson(List<(string Name, object? Value)> fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields)
        {
            json[name.Replace(' ', '-')] = value is JsonNode node ? node.DeepClone() : JsonSerializer.SerializeToNode(value);
        }

        return json.ToJsonString(Indented) + Environment.NewLine;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
