namespace Herald.Core.Search.Query;

/// <summary>Comparison prefixes of date, number and quantity values.</summary>
public enum SearchPrefix
{
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
    Ap,
}

/// <summary>One parsed value of a search parameter (several values of one parameter are ORed).</summary>
public abstract record SearchValue;

/// <summary>A string value; <see cref="Normalized"/> for starts-with and :contains, <see cref="Raw"/> for :exact.</summary>
public sealed record StringValue(string Normalized, string Raw) : SearchValue;

/// <summary><c>code</c>, <c>system|code</c>, <c>|code</c> or <c>system|</c>; for :text, <see cref="Code"/> holds normalized text.</summary>
public sealed record TokenValue(string? System, string? Code, bool SystemGiven) : SearchValue;

/// <summary>A reference value: <c>Type/id</c>, a bare id (any type, or the :Type modifier's), or an absolute URL.</summary>
public sealed record ReferenceValue(string? Type, string? Id, string? Url) : SearchValue;

/// <summary>A date value as the inclusive Unix-millisecond range it denotes.</summary>
public sealed record DateValue(SearchPrefix Prefix, long Low, long High) : SearchValue;

/// <summary>A number; [Low, High) is the range its precision implies ("100" is [99.5, 100.5)).</summary>
public sealed record NumberValue(SearchPrefix Prefix, double Value, double Low, double High) : SearchValue;

/// <summary>A quantity: a number with an optional system and code (the code also matches the unit).</summary>
public sealed record QuantityValue(NumberValue Number, string? System, string? Code) : SearchValue;

/// <summary>A uri value (exact, or :below / :above).</summary>
public sealed record UriValue(string Value) : SearchValue;

/// <summary>A composite value: a token and a second value, both on the same element.</summary>
public sealed record CompositeValue(TokenValue First, SearchValue Second) : SearchValue;
