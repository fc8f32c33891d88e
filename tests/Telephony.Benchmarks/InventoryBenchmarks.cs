using Azure;
using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Common;
using Telephony.Domain.PhoneNumbers;
using Telephony.Domain.Sites;
using Telephony.Infrastructure.Csv;

namespace Telephony.Benchmarks;

/// <summary>
/// Reading a whole site (list, facets, export, overview) against the floor: a raw SDK scan of the site's numbers; and one command
/// against its floor: a raw ETag-checked read plus an entity-group transaction.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InventoryBenchmarks
{
    private BenchmarkSite _site = null!;
    private PhoneNumberQueries _queries = null!;
    private SiteQueries _sites = null!;
    private AllocateHandler _allocate = null!;
    private DeallocateHandler _deallocate = null!;
    private int _next;

    /// <summary>The site under test, for <see cref="ReadSiteRounds"/>.</summary>
    internal BenchmarkSite Site => _site;

    [Params(1_000, 5_000, 20_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _site = BenchmarkSite.StartAsync(Size).GetAwaiter().GetResult();
        _queries = _site.App.Services.GetRequiredService<PhoneNumberQueries>();
        _sites = _site.App.Services.GetRequiredService<SiteQueries>();
        _allocate = _site.App.Services.GetRequiredService<AllocateHandler>();
        _deallocate = _site.App.Services.GetRequiredService<DeallocateHandler>();
    }

    [GlobalCleanup]
    public void Cleanup() => _site.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true), BenchmarkCategory("read-site")]
    public async Task<int> FloorScan()
    {
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BenchmarkSite.SiteId} and RowKey ge {"num|"} and RowKey lt {"num}"}");
        await foreach (var _ in _site.Raw.QueryAsync<TableEntity>(filter, 1000))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The same raw scan, but as a client pages through the list: a new query per page of 1,000, starting after the last
    /// row key seen. It separates what a paged API costs on the emulator from what this code adds.
    /// </summary>
    [Benchmark, BenchmarkCategory("read-site")]
    public async Task<int> FloorScanRestartedPerPage()
    {
        var count = 0;
        var after = "num|";
        while (true)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BenchmarkSite.SiteId} and RowKey gt {after} and RowKey lt {"num}"}");
            var page = await _site.Raw.QueryAsync<TableEntity>(filter, 1000).AsPages(pageSizeHint: 1000).FirstAsync();
            count += page.Values.Count;
            if (page.ContinuationToken is null || page.Values.Count == 0)
            {
                return count;
            }

            after = page.Values[^1].RowKey;
        }
    }

    [Benchmark, BenchmarkCategory("read-site")]
    public Task<int> ListAllPages() => ListAsync(PhoneNumberFilter.All);

    [Benchmark, BenchmarkCategory("read-site")]
    public Task<int> ListWithStatusFilter() => ListAsync(new PhoneNumberFilter { Statuses = new HashSet<PhoneNumberStatus> { PhoneNumberStatus.Available } });

    [Benchmark, BenchmarkCategory("read-site")]
    public Task<int> ListWithSearch() => ListAsync(new PhoneNumberFilter { SearchDigits = "0001" });

    [Benchmark, BenchmarkCategory("read-site")]
    public async Task<int> Facets() => (await _queries.FacetsAsync(BenchmarkSite.SiteId, default)).Value.Total;

    [Benchmark, BenchmarkCategory("read-site")]
    public async Task<int> Overview() => (await _sites.OverviewAsync(BenchmarkSite.SiteId, default)).Value.Total;

    [Benchmark, BenchmarkCategory("read-site")]
    public async Task<long> Export()
    {
        var rows = await _queries.ExportAsync(BenchmarkSite.SiteId, PhoneNumberFilter.All, default);
        var output = new CountingStream();
        await PhoneNumberCsv.WriteAsync(output, rows.Value, default);
        return output.Length;
    }

    /// <summary>Two raw ETag-checked reads and transactions (number + event row): the floor of one allocate and one deallocate.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("command")]
    public Task FloorReadAndTransactionTwice() => FloorShapedAsync(rowsPerTransaction: 2);

    /// <summary>
    /// The same raw reads and transactions with the commands' own storage shape: one read (an allocation finds the
    /// organization's row in the instance's cache) and three rows per transaction (the number, its event's outbox note,
    /// which is the event's record until it is published, and its activity row). Against the baseline it shows what that
    /// shape costs on storage; against it,
    /// <see cref="AllocateThenDeallocate"/> shows what the code path adds.
    /// </summary>
    [Benchmark, BenchmarkCategory("command")]
    public Task FloorWithTheCommandsRows() => FloorShapedAsync(rowsPerTransaction: 3);

    /// <summary>
    /// Two raw ETag-checked reads, each followed by a transaction (an allocate and a deallocate) of
    /// <paramref name="rowsPerTransaction"/> rows: the number replaced with its ETag, the others added.
    /// </summary>
    internal async Task FloorShapedAsync(int rowsPerTransaction)
    {
        for (var i = 0; i < 2; i++)
        {
            var number = BenchmarkSite.Number(_next++ % Size);
            var entity = (await _site.Raw.GetEntityAsync<TableEntity>(BenchmarkSite.SiteId, "num|" + number)).Value;
            entity["Bench"] = _next;
            List<TableTransactionAction> rows = [new(TableTransactionActionType.UpdateReplace, entity, entity.ETag)];
            rows.AddRange(Enumerable.Range(0, rowsPerTransaction - 1).Select(_ =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(BenchmarkSite.SiteId, $"bench|{Guid.NewGuid():N}"))));
            await _site.Raw.SubmitTransactionAsync(rows);
        }
    }

    /// <summary>Allocate a number to the operator, then deallocate it (back to AVAILABLE, never in service).</summary>
    [Benchmark, BenchmarkCategory("command")]
    public async Task AllocateThenDeallocate()
    {
        var number = new NumberRef(new SiteId(BenchmarkSite.SiteId), BenchmarkSite.Number(_next++ % Size));
        var allocated = await _allocate.AllocateAsync(number, Allocation.Operator, default);
        var deallocated = await _deallocate.DeallocateAsync(number, default);
        if (!allocated.IsSuccess || !deallocated.IsSuccess)
        {
            throw new InvalidOperationException(allocated.Error?.Detail ?? deallocated.Error!.Detail);
        }
    }

    private async Task<int> ListAsync(PhoneNumberFilter filter)
    {
        var count = 0;
        string? after = null;
        do
        {
            var page = (await _queries.ListAsync(BenchmarkSite.SiteId, filter, PhoneNumberQueries.MaxPageSize, after, default)).Value;
            count += page.Items.Count;
            after = page.LastNumber;
        }
        while (after is not null);

        return count;
    }

    /// <summary>A response body that keeps nothing, so the export's own allocations are what is measured.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
