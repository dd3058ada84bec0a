using System.Globalization;

namespace Herald.Core.Search.Sql;

/// <summary>The few SQL spellings that differ between SQLite and PostgreSQL.</summary>
public interface ISqlDialect
{
    /// <summary>A predicate: <paramref name="needle"/> occurs in <paramref name="haystack"/>.</summary>
    string Contains(string haystack, string needle);
}

/// <summary>Collects bound parameters (<c>@p0</c>, <c>@p1</c>...) while SQL text is composed.</summary>
public sealed class SqlWriter(ISqlDialect dialect)
{
    private readonly List<KeyValuePair<string, object?>> _parameters = [];

    public ISqlDialect Dialect { get; } = dialect;

    public IReadOnlyList<KeyValuePair<string, object?>> Parameters => _parameters;

    public string Bind(object? value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return name;
    }

    /// <summary>A predicate: <paramref name="haystack"/> starts with <paramref name="needle"/> (both SQL expressions).</summary>
    public static string StartsWith(string haystack, string needle) => $"substr({haystack}, 1, length({needle})) = {needle}";
}
