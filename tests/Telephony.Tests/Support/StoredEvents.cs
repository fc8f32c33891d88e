using Azure.Data.Tables;

namespace Telephony.Tests.Support;

/// <summary>A number's events as the table holds them, read the way only a test may.</summary>
internal static class StoredEvents
{
    /// <summary>
    /// The number's events, oldest first: a published event's record (<c>evt|</c>), an unpublished one's outbox note
    /// (<c>out|</c>, the event's record until it is published).
    /// </summary>
    public static List<TableEntity> Events(this TestApp app, string number, string siteId = Api.Site) =>
        app.Rows(siteId, "evt|" + number + "|").Concat(app.Rows(siteId, "out|" + number + "|"))
            .OrderBy(e => e.GetInt64("Sequence"))
            .ToList();

    /// <summary>The rows of the site's partition whose key starts with <paramref name="prefix"/> (ending with <c>|</c>).</summary>
    public static List<TableEntity> Rows(this TestApp app, string siteId, string prefix) =>
        app.Table.Query<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {siteId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}")).ToList();
}
