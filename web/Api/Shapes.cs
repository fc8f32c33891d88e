using System.Text.Json.Serialization;

namespace Telephony.Web.Api;

// Only the spec's "Shapes the web UI relies on". The number shape is linked from functions (PhoneNumberResponse.Page.cs);
// ShapesMatchOpenApiTests checks every shape against docs/openapi.yaml.

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record Facets(int Total, IReadOnlyDictionary<string, int> Statuses, AllocationFacets Allocation, IReadOnlyDictionary<string, int> Assignment);

public sealed record AllocationFacets(int? Unallocated, int? Operator, IReadOnlyList<OccupierFacet> Occupiers);

// Name may be null: the page shows the id then.
public sealed record OccupierFacet(string OccupierId, string? Name, int Count)
{
    public string Label => Name ?? OccupierId;
}

public sealed record Me(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string>? Sites, IReadOnlyList<MeOrganization> Organizations)
{
    // null for a platform administrator (every site).
    public bool IsPlatformAdmin => Sites is null;
}

public sealed record MeOrganization(string SiteId, string OrganizationId);

public sealed record SiteSummary(string SiteId, string Name, int Numbers);

public sealed record SiteSettings(string SiteId, string Name, string OperatorName, int CoolingOffDays, string DefaultRegion, bool AutoNominateMainNumber);

public sealed record Overview(
    string SiteId, string Name, string OperatorName, int Total, IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyList<OrganizationOverview> Organizations, CoolingOffOutlook CoolingOff);

public sealed record OrganizationOverview(
    string OrganizationId, string Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber, int Numbers,
    IReadOnlyDictionary<string, int> Statuses);

// 13 weeks from today, then the rest.
public sealed record CoolingOffOutlook(IReadOnlyList<CoolingOffWeek> Weeks, int Later);

// WeekStarting: yyyy-MM-dd, UTC.
public sealed record CoolingOffWeek(string WeekStarting, int Count)
{
    public DateOnly Starting => DateOnly.ParseExact(WeekStarting, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record BulkResponse(IReadOnlyList<BulkResult> Results);

// Outcome: done, refused (with Code) or started.
public sealed record BulkResult(string? Number, string? Action, string Outcome, string? Code, string? OperationId);

public sealed record OrganizationList(IReadOnlyList<Organization> Items);

public sealed record Organization(string OrganizationId, string Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber);

public sealed record Operation(
    string OperationId, string Kind, string SiteId, string Number, string Status, string? Step, string? FailureReason,
    DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

public record NumberEvent(
    string EventId, string Type, DateTimeOffset Time, long Sequence, string? PreviousStatus, string? Status, string? OperationId, Actor? Actor);

public sealed record ActivityEvent(
    string EventId, string Number, string Type, DateTimeOffset Time, long Sequence, string? PreviousStatus, string? Status, string? OperationId, Actor? Actor)
    : NumberEvent(EventId, Type, Time, Sequence, PreviousStatus, Status, OperationId, Actor);

public sealed record Actor(string Type, string Name, string? Role = null);

public sealed record NumberConfiguration(string? ForwardTo, string? CallerIdName, bool VoicemailEnabled);

public sealed record ImportResult(int Created, int Existing, int Invalid, IReadOnlyList<ImportRow> Rows);

public sealed record ImportRow(int Row, string? Number, string Outcome, string? Reason);

// RFC 9457; every refusal.
public sealed record Problem(string? Title, string? Detail, int Status, string? Code);


public sealed record AllocateRequest(
    string AllocateTo, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OccupierId);

public sealed record AssignRequest(string UserId, string DisplayName);

public sealed record PinRequest(string Pin);

public sealed record LockRequest(string Reason);

public sealed record CoolingOffRequest(DateTimeOffset CoolingOffUntil);

public sealed record OccupierRequest(string Name, int VoiceServices);

public sealed record VoiceServicesRequest(int VoiceServices, bool MainNumberService);

public sealed record SiteSettingsRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OperatorName,
    int CoolingOffDays, string DefaultRegion, bool AutoNominateMainNumber);

public sealed record BulkRequest(IReadOnlyList<BulkOperation> Operations);

// Only an allocation carries allocateTo.
public sealed record BulkOperation(
    string Action, string Number,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AllocateTo = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OccupierId = null);
