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
        var version = await TablePhoneNumberStore.TryWriteOneAsync(await table.ClientAsync(), organization.ToEntity(), organization.StoreVersion, cancellationToken);
        organization.StoreVersion = version ?? organization.StoreVersion;
        return version is not null;
    }
}
