using System.Text.Json;
using System.Text.Json.Serialization;
using L2LCluster.Runs;

namespace L2LCluster.Client.Output;

/// <summary>How the console writes JSON (<c>--format json</c>): camelCase, indented, kebab-case enums, NaN as a literal, a run id as its name.</summary>
internal static class ConsoleJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new RunIdConverter() },
    };

    /// <summary>Whether --format asks for JSON; anything but table or json is refused naming <paramref name="flag"/>.</summary>
    public static bool IsJson(string? format, string flag) => (format ?? "table") switch
    {
        "table" => false,
        "json" => true,
        var other => throw new InvalidSettingException(flag, $"unknown value '{other}'; allowed: table, json."),
    };

    /// <summary>One JSON document and its line end.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + Environment.NewLine;

    private sealed class RunIdConverter : JsonConverter<RunId>
    {
        public override RunId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => RunId.Parse(reader.GetString(), "runId");

        public override void Write(Utf8JsonWriter writer, RunId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }
}
