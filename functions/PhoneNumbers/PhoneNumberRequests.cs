using Microsoft.AspNetCore.Http;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Functions.Security;

namespace Telephony.Functions.PhoneNumbers;

public sealed record AllocateRequest(string? AllocateTo, string? OccupierId);

internal static class PhoneNumberFilterQuery
{
    // Cut to the caller's organizations' numbers where the access policy narrows the list.
    public static Result<PhoneNumberFilter> Read(HttpRequest request) => Parse(
            request.Query["status"], request.Query["allocation"], request.Query["occupierId"], request.Query["assignment"], request.Query["search"])
        .Map(filter => filter with { OrganizationIds = request.VisibleOrganizations() });

    public static Result<PhoneNumberFilter> Parse(string? status, string? allocation, string? occupierId, string? assignment, string? search)
    {
        var errors = new Dictionary<string, string[]>();
        HashSet<PhoneNumberStatus>? statuses = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            statuses = [];
            foreach (var part in status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (PhoneNumberStatusNames.TryParse(part, out var parsed))
                {
                    statuses.Add(parsed);
                }
                else
                {
                    errors["status"] = ["status takes AVAILABLE, RESERVED, PENDING, ACTIVE or COOLDOWN, or a comma-separated list of them."];
                }
            }
        }

        AllocationFilter? allocationFilter = null;
        if (!string.IsNullOrWhiteSpace(allocation))
        {
            allocationFilter = allocation.Trim().ToLowerInvariant() switch
            {
                "unallocated" => AllocationFilter.Unallocated,
                "operator" => AllocationFilter.Operator,
                "occupier" => AllocationFilter.Occupier,
                _ => null,
            };
            if (allocationFilter is null)
            {
                errors["allocation"] = ["allocation takes unallocated, operator or occupier."];
            }
        }

        if (!string.IsNullOrEmpty(occupierId))
        {
            if (!Ids.IsValid(occupierId))
            {
                errors["occupierId"] = ["occupierId must be 1-64 letters, digits, '-' or '_'."];
            }
            else if (allocationFilter is AllocationFilter.Unallocated or AllocationFilter.Operator)
            {
                errors["occupierId"] = ["occupierId can only be combined with allocation=occupier."];
            }
            else
            {
                allocationFilter = AllocationFilter.Occupier;
            }
        }

        AssignmentFilter? assignmentFilter = null;
        if (!string.IsNullOrWhiteSpace(assignment))
        {
            assignmentFilter = assignment.Trim().ToLowerInvariant() switch
            {
                "assigned" => AssignmentFilter.Assigned,
                "unassigned" => AssignmentFilter.Unassigned,
                _ => null,
            };
            if (assignmentFilter is null)
            {
                errors["assignment"] = ["assignment takes assigned or unassigned."];
            }
        }

        string? digits = null;
        if (!string.IsNullOrWhiteSpace(search))
        {
            digits = SearchToDigits(search);
            if (search.Length > PhoneNumberFilter.MaxSearchLength)
            {
                errors["search"] = [$"search is at most {PhoneNumberFilter.MaxSearchLength} characters."];
            }
            else if (digits is null)
            {
                errors["search"] = ["search takes a whole or partial phone number: digits, optionally with spaces, dashes, parentheses and a leading '+'."];
            }
        }

        if (errors.Count > 0)
        {
            return Errors.InvalidRequest("The list filter is not valid: " + string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }

        return new PhoneNumberFilter
        {
            Statuses = statuses is { Count: > 0 } ? statuses : null,
            Allocation = allocationFilter,
            OccupierId = string.IsNullOrEmpty(occupierId) ? null : occupierId,
            Assignment = assignmentFilter,
            SearchDigits = digits,
        };
    }

    private static string? SearchToDigits(string search)
    {
        var text = search.Trim();
        if (text.StartsWith('+'))
        {
            text = text[1..];
        }

        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.Length == 0 ? null : digits.ToString();
    }
}
