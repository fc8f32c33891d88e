using Azure.Data.Tables;
using Telephony.Domain.Organizations;

namespace Telephony.Infrastructure.Tables;

public sealed class TableOrganizationStore(TelephonyTable table) : IOrganizationStore
{
    public async Task<Organization?> FindAsync(string siteId, string organizationId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var found = await client.GetEntityIfExistsAsync<OrganizationEntity>(siteId, Keys.Organization(organizationId), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToDomain() : null;
    }

    public async Task<IReadOnlyList<Organization>> ListAsync(string siteId, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {siteId} and RowKey ge {Keys.OrganizationPrefix} and RowKey lt {Keys.OrganizationsEnd}");
        var organizations = new List<Organization>();
        await foreach (var entity in client.QueryAsync<OrganizationEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            organizations.Add(entity.ToDomain());
        }

        return organizations;
    }

    public async Task<bool> TrySaveAsync(Organization organization, CancellationToken cancellationToken)
    {
        var client = await table.ClientAsync();
        try
        {
            var response = await client.SubmitTransactionAsync(
                [TablePhoneNumberStore.Write(organization.ToEntity(), organization.StoreVersion)], cancellationToken);
            organization.StoreVersion = response.Value[0].Headers.ETag?.ToString();
            return true;
        }
        catch (TableTransactionFailedException e) when (TablePhoneNumberStore.IsConcurrencyConflict(e.Status))
        {
            return false;
        }
    }
}
