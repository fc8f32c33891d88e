using System.Text.Json.Serialization;

namespace Telephony.Web.Api;

// The API's answers and request bodies as the spec's section "Shapes the web UI relies on" gives them; the page reads
// and sends nothing else. A number (the shape most of the page reads) is the Function app's own definition, linked from
// functions/PhoneNumbers/PhoneNumberResponse.cs (see PhoneNumberResponse.Page.cs). The others are the page's copies:
// ShapesMatchOpenApiTests (tests/Telephony.Web.Tests) holds each of them, and the linked one, against its route's
// schema in docs/openapi.yaml, so a renamed, retyped or newly nullable field fails a test.

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record Facets(int Total, IReadOnlyDictionary<string, int> Statuses, AllocationFacets Allocation, IReadOnlyDictionary<string, int> Assignment);

public sealed record AllocationFacets(int? Unallocated, int? Operator, IReadOnlyList<OccupierFacet> Occupiers);

/// <summary>The API may send no name (docs/openapi.yaml allows null): the page shows the occupier's id then.</summary>
public sealed record OccupierFacet(string OccupierId, string? Name, int Count)
{
    public string Label => Name ?? OccupierId;
}

public sealed record Me(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string>? Sites, IReadOnlyList<MeOrganization> Organizations)
{
    /// <summary>The API sends <c>sites: null</c> for a platform administrator, who may see every site.</summary>
    public bool IsPlatformAdmin => Sites is null;
}

public sealed record MeOrganization(string SiteId, string OrganizationId);

public sealed record SiteSummary(string SiteId, string Name, int Numbers);

public sealed record SiteSettings(string SiteId, string Name, string OperatorName, int CoolingOffDays, string DefaultRegion, bool AutoNominateMainNumber);

/// <summary>The site at a glance: numbers per status, each organization's numbers and voice services, cooling off ahead.</summary>
public sealed record Overview(
    string SiteId, string Name, string OperatorName, int Total, IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyList<OrganizationOverview> Organizations, CoolingOffOutlook CoolingOff);

public sealed record OrganizationOverview(
    string OrganizationId, string Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber, int Numbers,
    IReadOnlyDictionary<string, int> Statuses);

/// <summary>The numbers leaving cooling off in each of the next 13 weeks (the first starting today), and after them.</summary>
public sealed record CoolingOffOutlook(IReadOnlyList<CoolingOffWeek> Weeks, int Later);

/// <param name="WeekStarting">A date, <c>yyyy-MM-dd</c> (UTC).</param>
public sealed record CoolingOffWeek(string WeekStarting, int Count)
{
    public DateOnly Starting => DateOnly.ParseExact(WeekStarting, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record BulkResponse(IReadOnlyList<BulkResult> Results);

/// <param name="Outcome"><c>done</c>, <c>refused</c> (with the refusal's <paramref name="Code"/>) or <c>started</c> (an operation).</param>
public sealed record BulkResult(string? Number, string? Action, string Outcome, string? Code, string? OperationId);

public sealed record OrganizationList(IReadOnlyList<Organization> Items);

public sealed record Organization(string OrganizationId, string Kind, string Name, int VoiceServices, int VoiceServicesInUse, string? MainNumber);

public sealed record Operation(
    string OperationId, string Kind, string SiteId, string Number, string Status, string? Step, string? FailureReason,
    DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

/// <summary>An item of a number's history.</summary>
public record NumberEvent(
    string EventId, string Type, DateTimeOffset Time, long Sequence, string? PreviousStatus, string? Status, string? OperationId, Actor? Actor);

/// <summary>An item of the site's activity: a history item with the number it is about.</summary>
public sealed record ActivityEvent(
    string EventId, string Number, string Type, DateTimeOffset Time, long Sequence, string? PreviousStatus, string? Status, string? OperationId, Actor? Actor)
    : NumberEvent(EventId, Type, Time, Sequence, PreviousStatus, Status, OperationId, Actor);

public sealed record Actor(string Type, string Name, string? Role = null);

public sealed record NumberConfiguration(string? ForwardTo, string? CallerIdName, bool VoicemailEnabled);

public sealed record ImportResult(int Created, int Existing, int Invalid, IReadOnlyList<ImportRow> Rows);

public sealed record ImportRow(int Row, string? Number, string Outcome, string? Reason);

/// <summary>An RFC 9457 problem, as the API sends every refusal.</summary>
public sealed record Problem(string? Title, string? Detail, int Status, string? Code);

// Request bodies.

/// <summary><c>{"allocateTo":"operator"}</c> or <c>{"allocateTo":"occupier","occupierId":…}</c>.</summary>
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

/// <summary>One command of a bulk request; only an allocation carries <c>allocateTo</c> (and an occupier's id).</summary>
public sealed record BulkOperation(
    string Action, string Number,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AllocateTo = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OccupierId = null);
