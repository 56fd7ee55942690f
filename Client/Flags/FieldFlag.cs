using System.CommandLine;

namespace L2LCluster.Client.Flags;

/// <summary>
/// One flag that sets one field of a <typeparamref name="T"/> (a meta-training spec, its problem options, a run's
/// settings): the one place where a flag, the field its errors name and how its value applies meet.
/// </summary>
/// <param name="Option">The flag.</param>
/// <param name="Field">The field, as its JSON spells it (see SpecFields).</param>
/// <param name="Apply">The value with the flag's setting, when the command line or the environment gives one.</param>
internal sealed record FieldFlag<T>(Option Option, string Field, Func<T, ParseResult, T> Apply)
{
    /// <summary>A flag whose value, when given, replaces the field through <paramref name="set"/>.</summary>
    public static FieldFlag<T> Of<TValue>(Option<TValue?> option, string field, Func<T, TValue, T> set)
        where TValue : struct =>
        new(option, field, (target, result) => result.GetValue(option) is { } value ? set(target, value) : target);

    /// <summary>A flag whose text, when given, is parsed and set through <paramref name="set"/>.</summary>
    public static FieldFlag<T> Of(Option<string?> option, string field, Func<T, string, T> set) =>
        new(option, field, (target, result) => result.GetValue(option) is { } value ? set(target, value) : target);

    /// <summary>A switch: given on the command line (or the environment), it sets the field to its value.</summary>
    public static FieldFlag<T> Switch(Option<bool> option, string field, Func<T, bool, T> set) =>
        new(option, field, (target, result) => result.GetResult(option) is { Implicit: false } ? set(target, result.GetValue(option)) : target);
}
