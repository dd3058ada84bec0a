using Herald.Core.Search.Definitions;

namespace Herald.Core.Search.Query;

/// <summary>Modifiers that change how values compare.</summary>
public enum SearchModifier
{
    None,
    Exact,
    Contains,
    Text,
    Not,
    Above,
    Below,
    OfType,
}

/// <summary>One condition of a search; the criteria of a query are ANDed.</summary>
public abstract record SearchCriterion;

/// <summary>The parameter has one of <see cref="Values"/> (OR), compared as <see cref="Modifier"/> says.</summary>
public sealed record ValueCriterion(SearchParameterInfo Parameter, SearchModifier Modifier, IReadOnlyList<SearchValue> Values) : SearchCriterion;

/// <summary><c>:missing=true|false</c>.</summary>
public sealed record MissingCriterion(SearchParameterInfo Parameter, bool Missing) : SearchCriterion;

/// <summary><c>subject:Patient.name=x</c>: a reference whose target (of <see cref="TargetType"/>) meets <see cref="Inner"/>.</summary>
public sealed record ChainCriterion(SearchParameterInfo Reference, string TargetType, SearchCriterion Inner) : SearchCriterion;

/// <summary><c>_has:Observation:patient:code=x</c>: some <see cref="SourceType"/> referring here through <see cref="Reference"/> meets <see cref="Inner"/>.</summary>
public sealed record HasCriterion(string SourceType, SearchParameterInfo Reference, SearchCriterion Inner) : SearchCriterion;
