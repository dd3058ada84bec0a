using Hl7.Fhir.Model;

namespace Herald.Core.Search.Sql;

/// <summary>The index table of each parameter type. Every table has tenant, type, id, param.</summary>
public static class IndexTables
{
    public static string For(SearchParamType type) => type switch
    {
        SearchParamType.String => "idx_string",
        SearchParamType.Token => "idx_token",
        SearchParamType.Reference => "idx_reference",
        SearchParamType.Date => "idx_date",
        SearchParamType.Number => "idx_number",
        SearchParamType.Quantity => "idx_quantity",
        SearchParamType.Uri => "idx_uri",
        SearchParamType.Composite => "idx_composite",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No index table for this parameter type."),
    };

    /// <summary>The expression a sort on a parameter of this type orders by (smallest value ascending, largest descending).</summary>
    public static string SortColumn(SearchParamType type, bool descending) => type switch
    {
        SearchParamType.String => "x.norm",
        SearchParamType.Token => "x.code",
        SearchParamType.Reference => "COALESCE(x.target_id, x.url)",
        SearchParamType.Date => descending ? "x.high" : "x.low",
        SearchParamType.Number or SearchParamType.Quantity => "x.value",
        SearchParamType.Uri => "x.value",
        _ => "x.param",
    };
}
