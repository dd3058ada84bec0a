using Hl7.Fhir.Model;

namespace Herald.Core.Search.Indexing;

/// <summary>Date ranges of date, dateTime, instant, Period and Timing values.</summary>
public static class DateValues
{
    public static bool TryGet(Base value, out long low, out long high)
    {
        low = 0;
        high = 0;
        switch (value)
        {
            case Date date:
                return DateRanges.TryParse(date.Value, out low, out high);
            case FhirDateTime dateTime:
                return DateRanges.TryParse(dateTime.Value, out low, out high);
            case Instant { Value: { } instant }:
                low = high = instant.ToUnixTimeMilliseconds();
                return true;
            case Period period:
                var hasStart = DateRanges.TryParse(period.Start, out low, out _);
                var hasEnd = DateRanges.TryParse(period.End, out _, out high);
                if (!hasStart && !hasEnd)
                {
                    return false;
                }

                low = hasStart ? low : DateRanges.Min;
                high = hasEnd ? high : DateRanges.Max;
                return true;
            case Timing timing:
                var events = timing.EventElement.Select(e => DateRanges.TryParse(e.Value, out var l, out var h) ? (l, h) : ((long, long)?)null)
                    .Where(r => r is not null).Select(r => r!.Value).ToList();
                if (events.Count == 0)
                {
                    return false;
                }

                low = events.Min(e => e.Item1);
                high = events.Max(e => e.Item2);
                return true;
            case FhirString { Value: { } text }:
                return DateRanges.TryParse(text, out low, out high);
            default:
                return false;
        }
    }
}
