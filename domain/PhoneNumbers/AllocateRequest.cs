using Telephony.Domain.Common;

namespace Telephony.Domain.PhoneNumbers;

/// <summary>The allocate command's body: <c>{"allocateTo":"operator"}</c> or <c>{"allocateTo":"occupier","occupierId":"…"}</c>.</summary>
public sealed record AllocateRequest(string? AllocateTo, string? OccupierId)
{
    public Result<Allocation> ToAllocation()
    {
        switch (AllocateTo)
        {
            case "operator" when OccupierId is null:
                return Allocation.Operator;
            case "operator":
                return Errors.InvalidRequest("occupierId is only given when allocateTo is 'occupier'.");
            case "occupier" when string.IsNullOrEmpty(OccupierId):
                return Errors.InvalidRequest("occupierId is required when allocateTo is 'occupier'.");
            case "occupier":
                return Ids.Check(OccupierId, "occupier") is { } invalid
                    ? invalid
                    : OccupierId == Allocation.OperatorId
                        ? Errors.InvalidRequest("'operator' is not an occupier id: allocate with allocateTo 'operator'.")
                        : Allocation.Occupier(OccupierId!);
            default:
                return Errors.InvalidRequest("allocateTo must be 'operator' or 'occupier'.");
        }
    }
}
