using Telephony.Tests.Support;

namespace Telephony.Tests.Activation;

public sealed class AssignmentTests : IAsyncLifetime
{
    private const string MainNumber = "+442071234599";
    private static readonly string Number = Api.Number(1);
    private ActivationHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await ActivationHarness.StartAsync();
        await _harness.Api.SeedAsync(extraRows: $"{MainNumber},4599,London 0207 123 45xx,true,,false,");
        await _harness.ActivateToEndAsync(Number);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Assigning_an_active_number_shows_the_user_and_offers_unassign()
    {
        var answer = await _harness.AssignAsync(Api.Site, Number, """{"userId":"jo-bloggs","displayName":"Jo Bloggs"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"userId":"jo-bloggs","displayName":"Jo Bloggs"}""", answer.Json["assignedTo"]!.ToJsonString());
        Assert.Equal("""["unassign"]""", answer.Json["allowedActions"]!.ToJsonString());
        Assert.False(string.IsNullOrEmpty(answer.Headers.ETag.ToString()));
        Assert.Equal("assigned", (await _harness.ChangesAsync(Number))[^1]);
    }

    [Fact]
    public async Task Unassigning_frees_the_number_for_deactivation()
    {
        await _harness.AssignAsync(Api.Site, Number, """{"userId":"jo-bloggs","displayName":"Jo Bloggs"}""");
        Assert.Equal("number-assigned", (await _harness.DeactivateAsync(Api.Site, Number)).ProblemCode);

        var answer = await _harness.UnassignAsync(Api.Site, Number);

        Assert.Equal(200, answer.Status);
        Assert.Null(answer.Json["assignedTo"]);
        Assert.Equal("""["deactivate","assign"]""", answer.Json["allowedActions"]!.ToJsonString());
        Assert.Equal(202, (await _harness.DeactivateAsync(Api.Site, Number)).Status);
    }

    [Fact]
    public async Task An_assigned_number_cannot_be_assigned_again()
    {
        await _harness.AssignAsync(Api.Site, Number, """{"userId":"jo-bloggs","displayName":"Jo Bloggs"}""");

        var answer = await _harness.AssignAsync(Api.Site, Number, """{"userId":"sam","displayName":"Sam"}""");

        Assert.Equal(409, answer.Status);
        Assert.Equal("number-assigned", answer.ProblemCode);
    }

    [Fact]
    public async Task Only_an_active_number_can_be_assigned_or_unassigned()
    {
        await _harness.Api.AllocateAsync(Api.Site, Api.Number(2), """{"allocateTo":"operator"}""");

        Assert.Equal("not-active", (await _harness.AssignAsync(Api.Site, Api.Number(2), """{"userId":"jo","displayName":"Jo"}""")).ProblemCode);
        Assert.Equal("not-active", (await _harness.UnassignAsync(Api.Site, Api.Number(3))).ProblemCode);
        Assert.Equal("not-assigned", (await _harness.UnassignAsync(Api.Site, Number)).ProblemCode);
    }

    [Fact]
    public async Task A_main_number_is_never_assigned()
    {
        await _harness.ActivateToEndAsync(MainNumber);

        var answer = await _harness.AssignAsync(Api.Site, MainNumber, """{"userId":"jo","displayName":"Jo"}""");

        Assert.Equal(409, answer.Status);
        Assert.Equal("main-number-not-assignable", answer.ProblemCode);
    }

    [Theory]
    [InlineData("""{"userId":"jo"}""")]
    [InlineData("""{"userId":"","displayName":"Jo"}""")]
    [InlineData("""{"userId":"jo bloggs","displayName":"Jo"}""")]
    [InlineData("""{"userId":"jo","displayName":"   "}""")]
    [InlineData("""{"userId":"jo","displayName":"Jo","role":"admin"}""")]
    [InlineData("")]
    public async Task A_bad_assign_request_is_refused(string json)
    {
        var answer = await _harness.AssignAsync(Api.Site, Number, json);

        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid-request", answer.ProblemCode);
        Assert.Null((await _harness.Api.GetAsync(Api.Site, Number)).Json["assignedTo"]);
    }
}
