using Telephony.Domain.Common;

namespace Telephony.Functions.Http;

/// <summary>The <c>pageSize</c> query parameter of every paged route.</summary>
public static class PageSizes
{
    public static Result<int> Read(string? value, int defaultSize, int maxSize)
    {
        if (string.IsNullOrEmpty(value))
        {
            return defaultSize;
        }

        return Digits.TryParse(value, out var size) && size >= 1 && size <= maxSize
            ? (int)size
            : Errors.InvalidRequest($"pageSize must be a whole number from 1 to {maxSize} (default {defaultSize}).");
    }
}
