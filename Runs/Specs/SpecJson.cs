using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// The one JSON form of a spec (run folders' spec.json, optimizer files, checkpoints, --spec files): camelCase fields,
/// kebab-case enum values, unknown fields refused. Derived fields ([JsonIgnore]: architecture, parameterCount, …) count as
/// unknown too: System.Text.Json would skip them silently, so an edited copy of an old dry run would lose its edits.
/// </summary>
public static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // An enum by its number would let a derived or mistyped value through as some member ("architecture": 1).
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RefuseDerivedFields } },
    };

    private static void RefuseDerivedFields(JsonTypeInfo type)
    {
        foreach (var property in type.Properties.Where(property => property.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: false) == true).ToArray())
        {
            type.Properties.Remove(property);
        }
    }

    public static string Serialize(MetaTrainingSpec spec) => JsonSerializer.Serialize(spec, Options);

    public static string Serialize(ProblemOptions options) => JsonSerializer.Serialize(options, Options);

    /// <summary>
    /// The spec <paramref name="json"/> holds, checked; anything wrong is refused naming <paramref name="source"/> and,
    /// for a field out of range, the field.
    /// </summary>
    public static MetaTrainingSpec Parse(string json, string source)
    {
        var spec = Deserialize(json, source);
        try
        {
            return spec.Validate();
        }
        catch (InvalidSettingException error)
        {
            throw new InvalidSettingException($"{source}: {error.Setting}", error.Reason);
        }
    }

    /// <summary>The task mixture <paramref name="json"/> holds (a --mixture file), checked; refusals name <paramref name="source"/>.</summary>
    public static TaskMixture ParseMixture(string json, string source)
    {
        TaskMixture? mixture;
        try
        {
            mixture = JsonSerializer.Deserialize<TaskMixture>(json, Options);
        }
        catch (JsonException error)
        {
            throw new InvalidSettingException(source, $"the mixture is not valid: {error.Message}");
        }

        try
        {
            return (mixture ?? throw new InvalidSettingException(SpecFields.Mixture, "the mixture is empty.")).Validate();
        }
        catch (InvalidSettingException error)
        {
            throw new InvalidSettingException($"{source}: {error.Setting}", error.Reason);
        }
    }

    /// <summary>The spec <paramref name="json"/> holds, unchecked: for a caller that overlays more settings before it validates.</summary>
    public static MetaTrainingSpec Deserialize(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<MetaTrainingSpec>(json, Options)
                ?? throw new InvalidSettingException(source, "the spec is empty.");
        }
        catch (JsonException error)
        {
            throw new InvalidSettingException(source, $"the spec is not valid: {error.Message}");
        }
    }
}
