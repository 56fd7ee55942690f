using System.Text.Json;
using System.Text.Json.Nodes;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Client.Configuration;

/// <summary>
/// A run-spec file (<c>--spec FILE</c>): the JSON of a <see cref="MetaTrainingSpec"/> (what <c>train --dry-run</c>
/// prints, or a run's spec.json), of which any field may be left out. Its fields sit between the problem family's
/// defaults and the flags and environment.
/// </summary>
internal sealed class SpecFile
{
    private const string ProblemField = "problem";
    private const string ProblemOptionsField = "problemOptions";

    private readonly JsonObject _fields;

    private SpecFile(string path, JsonObject fields)
    {
        Path = path;
        _fields = fields;
    }

    /// <summary>No file: every field comes from the defaults, the environment and the flags.</summary>
    public static SpecFile None { get; } = new("", new JsonObject());

    public string Path { get; }

    public string? Problem => Field(ProblemField) is { } problem
        ? problem.GetValueKind() == JsonValueKind.String ? problem.GetValue<string>() : throw Invalid(ProblemField, "must be a string such as \"quadratic\".")
        : null;

    public static SpecFile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException("--spec", $"cannot read '{path}': {error.Message}");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, new JsonNodeOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException error)
        {
            throw new InvalidSettingException(path, $"is not valid JSON: {error.Message}");
        }

        return root is JsonObject fields
            ? new SpecFile(path, fields)
            : throw new InvalidSettingException(path, "must hold one JSON object with the spec's fields (see 'l2l train --dry-run').");
    }

    /// <summary>Whether the file sets this field (a JSON name, e.g. "iterations" or "problemOptions.dimensions").</summary>
    public bool Sets(string field)
    {
        var parts = field.Split('.');
        JsonNode? node = _fields;
        foreach (var part in parts)
        {
            node = node is JsonObject fields && fields.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node is not null;
    }

    /// <summary>The file's problem options; the flags override them one by one.</summary>
    public ProblemOptions ProblemOptions()
    {
        if (Field(ProblemOptionsField) is not { } options)
        {
            return new ProblemOptions();
        }

        try
        {
            return options.Deserialize<ProblemOptions>(SpecJson.Options) ?? new ProblemOptions();
        }
        catch (JsonException error)
        {
            throw Invalid(ProblemOptionsField, error.Message);
        }
    }

    /// <summary><paramref name="defaults"/> with every top-level field the file sets replaced by the file's value.</summary>
    public MetaTrainingSpec Overlay(MetaTrainingSpec defaults)
    {
        if (_fields.Count == 0)
        {
            return defaults;
        }

        var merged = JsonSerializer.SerializeToNode(defaults, SpecJson.Options)!.AsObject();
        foreach (var (name, value) in _fields)
        {
            if (string.Equals(name, ProblemOptionsField, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var existing = merged.Select(field => field.Key).FirstOrDefault(key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase));
            merged.Remove(existing ?? name);
            merged[name] = value?.DeepClone();
        }

        return SpecJson.Deserialize(merged.ToJsonString(), Path) with { ProblemOptions = defaults.ProblemOptions };
    }

    private JsonNode? Field(string name) => _fields.TryGetPropertyValue(name, out var value) ? value : null;

    private InvalidSettingException Invalid(string field, string reason) => new($"{Path}: {field}", reason);
}
