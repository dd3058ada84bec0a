using FhirDateTimeValue = Hl7.Fhir.ElementModel.Types.DateTime;

namespace Herald.Core.Search.Indexing;

/// <summary>
/// Turns FHIR date/dateTime/instant text into the inclusive range of Unix milliseconds it covers
/// ("2024" is all of 2024). Values without a zone are read as UTC, in documents and in queries alike.
/// </summary>
public static class DateRanges
{
    public const long Min = long.MinValue / 4;
    public const long Max = long.MaxValue / 4;

    public static bool TryParse(string? text, out long low, out long high)
    {
        low = 0;
        high = 0;
        if (string.IsNullOrWhiteSpace(text) || !FhirDateTimeValue.TryParse(text, out var value))
        {
            return false;
        }

        var range = value.GetRange(TimeSpan.Zero);
        if (range.Start is not { } start || range.End is not { } end)
        {
            return false;
        }

        low = start.ToUnixTimeMilliseconds();

        // End is exclusive in Firely's range; the index stores inclusive bounds.
        high = Math.Max(low, end.ToUnixTimeMilliseconds() - 1);
        return true;
    }
}
