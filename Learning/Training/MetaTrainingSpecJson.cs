using System.Text.Json;
using System.Text.Json.Serialization;

namespace L2LCluster.Learning.Training;

/// <summary>The JSON form of a spec (run directories' spec.json, optimizer files, --spec files).</summary>
public static class MetaTrainingSpecJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Serialize(MetaTrainingSpec spec) => JsonSerializer.Serialize(spec, Options);

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
