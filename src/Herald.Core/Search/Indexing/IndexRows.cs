namespace Herald.Core.Search.Indexing;

// The search values of one resource version, one record per kind of index table. The same rows
// feed the SQL index (written in the write's transaction) and the in-memory matcher, which is
// what keeps "SQL search returns it" and "the matcher accepts it" in agreement.

/// <summary>A string value: <see cref="Normalized"/> is lower-cased without accents (default and :contains), <see cref="Exact"/> as written (:exact).</summary>
public sealed record StringRow(string Param, string Normalized, string Exact);

/// <summary>A token: system and code, and <see cref="Text"/> (normalized display/text) for :text.</summary>
public sealed record TokenRow(string Param, string? System, string? Code, string? Text);

/// <summary>A reference: relative ones carry type and id; absolute and canonical ones carry the URL.</summary>
public sealed record ReferenceRow(string Param, string? TargetType, string? TargetId, string? Url);

/// <summary>A date, dateTime, instant or Period as an inclusive range of Unix milliseconds.</summary>
public sealed record DateRow(string Param, long Low, long High);

/// <summary>A number.</summary>
public sealed record NumberRow(string Param, double Value);

/// <summary>A quantity: value with its system, code and unit.</summary>
public sealed record QuantityRow(string Param, string? System, string? Code, string? Unit, double Value);

/// <summary>A uri, url or canonical.</summary>
public sealed record UriRow(string Param, string Value);

/// <summary>
/// A composite value: a token first component (every R4 composite starts with a code) and a
/// second component that is a token, quantity, date or string.
/// </summary>
public sealed record CompositeRow(
    string Param,
    string? System1,
    string? Code1,
    string? System2,
    string? Code2,
    string? Unit2,
    string? String2,
    double? Low2,
    double? High2);
