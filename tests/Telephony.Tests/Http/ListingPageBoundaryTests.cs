using Telephony.Functions.Http;
using Telephony.Tests.Support;

namespace Telephony.Tests.Http;

/// <summary>
/// List pages that fill exactly where a storage page of 1,000 ends, on Azurite: the token is handed out only when a
/// matching number follows, without a second storage query to find out.
/// </summary>
public sealed class ListingPageBoundaryTests(ListingPageBoundaryTests.Sites sites) : IClassFixture<ListingPageBoundaryTests.Sites>
{
    /// <summary>
    /// "thousand": exactly 1,000 AVAILABLE numbers (+442071234500 … +442071235499). "more": the same 1,000, then
    /// +442079995499, RESERVED by the operator.
    /// </summary>
    public sealed class Sites : IAsyncLifetime
    {
        public const string Extra = "+442079995499";

        public TestApp App { get; private set; } = null!;

        public Api Api { get; private set; } = null!;

        /// <summary>Counts the app's storage requests while a test asks it to.</summary>
        public StorageOperations Operations { get; } = new();

        public async Task InitializeAsync()
        {
            App = await CountedStorage.StartAppAsync(Operations);
            Api = new Api(App);
            await Api.SeedAsync("thousand", count: 1000);
            await Api.SeedAsync("more", count: 1000, extraRows: $"{Extra},5499,Far range,false,,false,");
            Assert.Equal(200, (await Api.AllocateAsync("more", Extra, """{"allocateTo":"operator"}""")).Status);
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private async Task<List<List<string>>> PagesAsync(string siteId, string query)
    {
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var answer = await sites.Api.ListAsync(siteId, query + (token is null ? "" : "&continuationToken=" + token));
            Assert.Equal(200, answer.Status);
            pages.Add(answer.Json["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()).ToList());
            token = answer.Json["continuationToken"]?.GetValue<string>();
        }
        while (token is not null && pages.Count < 10);

        return pages;
    }

    private static IEnumerable<string> Seeded(int from, int count) => Enumerable.Range(from, count).Select(Api.Number);

    [Theory]
    [InlineData("thousand", "", new[] { 1000 })]
    [InlineData("more", "", new[] { 1000, 1 })]
    [InlineData("more", "&status=AVAILABLE", new[] { 1000 })]
    [InlineData("more", "&allocation=unallocated", new[] { 1000 })]
    [InlineData("more", "&status=RESERVED", new[] { 1 })]
    [InlineData("more", "&status=AVAILABLE,RESERVED", new[] { 1000, 1 })]
    public async Task A_page_of_1000_filtered_by_storage_has_a_token_only_when_a_matching_number_follows(string siteId, string filter, int[] pageSizes)
    {
        var pages = await PagesAsync(siteId, "?pageSize=1000" + filter);

        Assert.Equal(pageSizes, pages.Select(p => p.Count));
        Assert.Equal(pages.SelectMany(p => p).Distinct().Count(), pages.Sum(p => p.Count));
    }

    [Theory]
    [InlineData("")]
    [InlineData("&status=AVAILABLE,RESERVED")]
    [InlineData("&search=020")]
    public async Task Each_page_of_1000_is_one_storage_query_with_no_peek_past_its_end(string filter)
    {
        sites.Operations.Start();
        var pages = await PagesAsync("more", "?pageSize=1000" + filter);
        var numberQueries = sites.Operations.Stop().Count(request => request.Contains("RowKey lt 'num}'", StringComparison.Ordinal));

        Assert.Equal(2, pages.Count);
        Assert.Equal(2, numberQueries);
    }

    [Fact]
    public async Task A_searched_page_whose_last_match_ends_a_storage_page_gives_it_to_the_next_page()
    {
        // "4420712" matches the first 1,000 and not the extra number: the first page's 1,000th match is storage's 1,000th
        // row, and only the next storage page would say whether another match follows.
        var pages = await PagesAsync("more", "?pageSize=1000&search=4420712");

        Assert.Equal([999, 1], pages.Select(p => p.Count));
        Assert.Equal(Seeded(0, 1000), pages.SelectMany(p => p));
    }

    [Fact]
    public async Task A_searched_list_of_dense_matches_pages_through_every_match_once()
    {
        var pages = await PagesAsync("more", "?pageSize=1000&search=020");

        Assert.Equal([999, 2], pages.Select(p => p.Count));
        Assert.Equal(Seeded(0, 1000).Append(Sites.Extra), pages.SelectMany(p => p));
    }

    [Theory]
    [InlineData("thousand", new[] { 1 })]
    [InlineData("more", new[] { 1, 1 })]
    public async Task A_searched_page_of_one_at_a_storage_page_end_reads_on_for_the_next_match(string siteId, int[] pageSizes)
    {
        // "5499" matches +442071235499, storage's 1,000th row, and the extra number +442079995499.
        var pages = await PagesAsync(siteId, "?pageSize=1&search=5499");

        Assert.Equal(pageSizes, pages.Select(p => p.Count));
        Assert.Equal(Api.Number(999), pages[0][0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&status=AVAILABLE")]
    [InlineData("&search=020")]
    public async Task A_token_past_the_last_matching_number_answers_an_empty_page_without_a_token(string filter)
    {
        // What a page after a token Azure hands out when a query runs out of time just after the last match looks like.
        var answer = await sites.Api.ListAsync("thousand", $"?pageSize=1000{filter}&continuationToken={OpaqueToken.Encode(Api.Number(999))}");

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Json["items"]!.AsArray());
        Assert.Null(answer.Json["continuationToken"]);
    }
}
