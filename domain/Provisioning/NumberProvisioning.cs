using System.Globalization;
using Telephony.Domain.Administration;
using Telephony.Domain.Common;
using Telephony.Domain.CoolingOff;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;

namespace Telephony.Domain.Provisioning;

// Fields stay text so the import validates each itself; Problem: the row could not be split into fields.
public sealed record ProvisioningRow(
    int Row, string? Number, string? Extension, string? RangeName, string? MainNumber, string? CoolingOffUntil, string? Locked,
    string? LockReason, string? Problem = null);

public enum ImportOutcome
{
    Created,
    Existing,
    Invalid,
}

public sealed record ImportRowResult(int Row, string? Number, ImportOutcome Outcome, string? Reason);

public sealed record ImportReport(IReadOnlyList<ImportRowResult> Rows)
{
    public int Created => Rows.Count(r => r.Outcome == ImportOutcome.Created);

    public int Existing => Rows.Count(r => r.Outcome == ImportOutcome.Existing);

    public int Invalid => Rows.Count(r => r.Outcome == ImportOutcome.Invalid);
}

// A bad row never blocks the good ones.
public sealed class NumberProvisioning(
    IPhoneNumberStore numbers, ISiteStore sites, ISiteRegistry registry, ICoolingOffIndex coolingOffIndex, IRemovedNumberStore removedNumbers,
    TelephonyOptions defaults, TimeProvider time)
{
    public const int MaxRows = 20_000;
    public const int MaxFieldLength = 200;

    public async Task<Result<ImportReport>> ImportAsync(string siteId, IReadOnlyList<ProvisioningRow> rows, CancellationToken cancellationToken)
    {
        if (Ids.Check(siteId, "site") is { } invalidSite)
        {
            return invalidSite;
        }

        if (rows.Count > MaxRows)
        {
            return Errors.ImportTooLarge(MaxRows, rows.Count);
        }

        // A site becomes known when numbers are imported into it: an import whose every row is refused leaves it unknown.
        var site = await sites.FindAsync(siteId, cancellationToken) ?? new Site(siteId);
        var now = time.GetUtcNow();
        var existing = await numbers.NumbersAsync(siteId, cancellationToken);
        // A removed number kept its history: provisioned again, it continues that history's sequence.
        var removed = await removedNumbers.RemovedAsync(siteId, cancellationToken);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var results = new ImportRowResult[rows.Count];
        var toCreate = new List<(int Index, PhoneNumber Number)>();

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var parsed = Parse(row, site.Region(defaults), siteId, removed, now);
            if (!parsed.IsSuccess)
            {
                results[i] = new ImportRowResult(row.Row, NormalizedOrNull(row.Number, site), ImportOutcome.Invalid, parsed.Error!.Detail);
                continue;
            }

            var number = parsed.Value;
            if (seen.TryGetValue(number.Number, out var firstRow))
            {
                results[i] = new ImportRowResult(row.Row, number.Number, ImportOutcome.Invalid, $"Duplicate of row {firstRow}.");
                continue;
            }

            seen[number.Number] = row.Row;
            if (existing.Contains(number.Number))
            {
                results[i] = new ImportRowResult(row.Row, number.Number, ImportOutcome.Existing, null);
                continue;
            }

            toCreate.Add((i, number));
        }

        if (toCreate.Count > 0 && site.StoreVersion is null && await EnsureSiteAsync(siteId, cancellationToken) is { IsSuccess: false } unsaved)
        {
            return unsaved.Error!;
        }

        // Indexed before the numbers are added, so none cools off unseen by the release run.
        var coolingOff = toCreate.Select(c => CoolingOffEntry.For(c.Number)).OfType<CoolingOffEntry>().ToList();
        if (coolingOff.Count > 0)
        {
            await coolingOffIndex.AddAsync(coolingOff, cancellationToken);
        }

        var added = await numbers.AddAsync(toCreate.Select(c => c.Number).ToList(), cancellationToken);
        for (var j = 0; j < toCreate.Count; j++)
        {
            var (index, number) = toCreate[j];
            results[index] = new ImportRowResult(rows[index].Row, number.Number, added[j] ? ImportOutcome.Created : ImportOutcome.Existing, null);
        }

        // Counted by what this import added, not recounted: a concurrent import or removal adds its own change.
        if (added.Count(a => a) is var created and > 0)
        {
            await registry.CountNumbersAsync(siteId, created, cancellationToken);
        }

        return new ImportReport(results);
    }

    // A lost race means another request created it, which the next read finds.
    private Task<Result<Site>> EnsureSiteAsync(string siteId, CancellationToken cancellationToken) =>
        ConcurrencyBackOff.RunAsync<Site>(siteId, async () =>
        {
            if (await sites.FindAsync(siteId, cancellationToken) is { } site)
            {
                return site;
            }

            site = new Site(siteId);
            if (!await sites.TrySaveAsync(site, cancellationToken))
            {
                return null;
            }

            return site;
        }, cancellationToken);

    private string? NormalizedOrNull(string? number, Site site) =>
        E164.TryNormalize(number, site.Region(defaults), out var e164) ? e164 : number?.Trim();

    private static Result<PhoneNumber> Parse(
        ProvisioningRow row, string region, string siteId, IReadOnlyDictionary<string, long> removed, DateTimeOffset now)
    {
        if (row.Problem is not null)
        {
            return Errors.InvalidRequest(row.Problem);
        }

        if (new[] { row.Number, row.Extension, row.RangeName, row.MainNumber, row.CoolingOffUntil, row.Locked, row.LockReason }
            .Any(f => f?.Length > MaxFieldLength))
        {
            return Errors.InvalidRequest($"A field is longer than {MaxFieldLength} characters.");
        }

        if (!E164.TryNormalize(row.Number, region, out var e164))
        {
            return Errors.InvalidRequest(string.IsNullOrWhiteSpace(row.Number)
                ? "The number is missing."
                : $"'{row.Number}' is not a phone number that can be read as E.164.");
        }

        var extension = row.Extension?.Trim() ?? "";
        if (extension.Length is < 1 or > 10 || !extension.All(char.IsAsciiDigit))
        {
            return Errors.InvalidRequest("The extension must be 1-10 digits.");
        }

        if (!TryParseFlag(row.MainNumber, out var mainNumber))
        {
            return Errors.InvalidRequest("mainNumber must be true or false.");
        }

        if (!TryParseFlag(row.Locked, out var locked))
        {
            return Errors.InvalidRequest("locked must be true or false.");
        }

        DateTimeOffset? coolingOffUntil = null;
        if (!string.IsNullOrWhiteSpace(row.CoolingOffUntil))
        {
            if (!DateTimeOffset.TryParse(row.CoolingOffUntil.Trim(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until))
            {
                return Errors.InvalidRequest("coolingOffUntil must be an ISO 8601 date or date-time.");
            }

            coolingOffUntil = until;
        }

        var lockReason = string.IsNullOrWhiteSpace(row.LockReason) ? null : row.LockReason.Trim();
        if (lockReason is not null && !locked)
        {
            return Errors.InvalidRequest("lockReason is only given for a locked number.");
        }

        var rangeName = string.IsNullOrWhiteSpace(row.RangeName) ? null : row.RangeName.Trim();
        return PhoneNumber.Provision(
            siteId, e164, extension, rangeName, mainNumber, coolingOffUntil, locked, lockReason, now, removed.GetValueOrDefault(e164));
    }

    private static bool TryParseFlag(string? value, out bool flag)
    {
        flag = false;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        return bool.TryParse(value.Trim(), out flag);
    }
}
