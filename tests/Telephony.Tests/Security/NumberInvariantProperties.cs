using CsCheck;
using Telephony.Domain.Organizations;
using Telephony.Domain.PhoneNumbers;

namespace Telephony.Tests.Security;

/// <summary>
/// Random sequences of commands against the domain alone (a small in-memory site: six numbers, three organizations),
/// including stale commands computed from an earlier read that commit only if nothing changed since (the ETag check),
/// with the rules' invariants checked after every step.
/// </summary>
public sealed class NumberInvariantProperties
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan CoolingOffPeriod = TimeSpan.FromDays(30);
    private static readonly Allocation[] Organizations = [Allocation.Operator, Allocation.Occupier("acme"), Allocation.Occupier("globex")];

    public enum Kind
    {
        Allocate,
        Deallocate,
        StartActivation,
        CompleteOperation,
        FailOperation,
        StartDeactivation,
        Assign,
        Unassign,
        StartCoolingOff,
        LiftCoolingOff,
        Release,
        Lock,
        Unlock,
        NominateMainNumber,
        WithdrawMainNumber,
        AdvanceTime,
    }

    /// <param name="Stale">Computed from the read taken before the previous step, as a request racing that step would be.</param>
    public sealed record Step(Kind Kind, int Number, int Organization, int Argument, bool Stale)
    {
        public override string ToString() => $"{(Stale ? "stale " : "")}{Kind}(#{Number}, org {Organization}, arg {Argument})";
    }

    private static readonly Gen<Step> StepGen = Gen.Select(
        Gen.Enum<Kind>(), Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 3].Select(i => i == 0),
        (kind, number, organization, argument, stale) => new Step(kind, number, organization, argument, stale));

    [Fact]
    public void Every_sequence_of_commands_keeps_the_rules_invariants()
    {
        StepGen.Array[1, 60].Sample(steps => new Site().Run(steps), iter: 600, print: steps => string.Join("; ", steps));
    }

    /// <summary>The committed state, with a version per organization as the store keeps an ETag per entity.</summary>
    private sealed class Site
    {
        private readonly PhoneNumberSnapshot[] _numbers;
        private readonly (string? MainNumber, long Version)[] _organizations = new (string?, long)[Organizations.Length];
        private readonly long[] _eventsStored = new long[6];
        private readonly long[] _changesCommitted;
        private DateTimeOffset _now = Start;
        private int _operations;

        public Site()
        {
            PhoneNumber Provision(int i, bool main = false, bool locked = false, DateTimeOffset? coolingOffUntil = null) =>
                PhoneNumber.Provision("site", $"+4420712345{i:D2}", $"45{i:D2}", "range", main, coolingOffUntil, locked, locked ? "voicemail" : null, Start);

            var provisioned = new[]
            {
                Provision(0, main: true), Provision(1, main: true), Provision(2, locked: true),
                Provision(3, coolingOffUntil: Start.AddDays(10)), Provision(4), Provision(5),
            };
            for (var i = 0; i < provisioned.Length; i++)
            {
                _eventsStored[i] = provisioned[i].NewEvents.Count;
                provisioned[i].MarkEventsStored();
            }

            _numbers = provisioned.Select(n => n.ToSnapshot()).ToArray();
            _changesCommitted = Enumerable.Repeat(1L, provisioned.Length).ToArray(); // provisioning is the first change
        }

        public void Run(Step[] steps)
        {
            var previousNumbers = _numbers.ToArray();
            var previousOrganizations = _organizations.ToArray();
            foreach (var step in steps)
            {
                var readNumbers = _numbers.ToArray();
                var readOrganizations = _organizations.ToArray();
                var before = _numbers[step.Number];
                var barredFromReserved = (before.Locked || (before.CoolingOffUntil is { } until && until > _now)) && before.Status != PhoneNumberStatus.Reserved;

                Apply(step, step.Stale ? previousNumbers : readNumbers, step.Stale ? previousOrganizations : readOrganizations);

                var after = _numbers[step.Number];
                Assert.False(barredFromReserved && after.Status == PhoneNumberStatus.Reserved,
                    $"{step}: a locked or cooling-off number became RESERVED.");
                CheckInvariants(step);
                (previousNumbers, previousOrganizations) = (readNumbers, readOrganizations);
            }
        }

        private void Apply(Step step, PhoneNumberSnapshot[] numbers, (string? MainNumber, long Version)[] organizations)
        {
            if (step.Kind == Kind.AdvanceTime)
            {
                _now += TimeSpan.FromDays(step.Argument * 12 + 1);
                return;
            }

            var read = numbers[step.Number];
            var number = PhoneNumber.Restore(read);
            var organizationIndex = step.Organization;
            string? newMainNumber = null;
            var organizationChanged = false;
            bool changed;
            switch (step.Kind)
            {
                case Kind.Allocate:
                    var organization = Organization.Restore(
                        "site", Organizations[organizationIndex].OrganizationId, null, 0, false, organizations[organizationIndex].MainNumber, 0, null);
                    changed = organization.Allocate(number, _now).IsSuccess;
                    if (changed && number.IsMainNumber)
                    {
                        (newMainNumber, organizationChanged) = (number.Number, true);
                    }

                    break;
                case Kind.Deallocate:
                    var holder = read.Allocation;
                    changed = number.Deallocate(CoolingOffPeriod, _now).IsSuccess;
                    if (changed && holder is not null && number.IsMainNumber)
                    {
                        organizationIndex = Array.IndexOf(Organizations, holder);
                        organizationChanged = organizations[organizationIndex].MainNumber == number.Number;
                    }

                    break;
                case Kind.StartActivation:
                    changed = number.StartActivation($"op-{++_operations}", _now).IsSuccess;
                    break;
                case Kind.StartDeactivation:
                    changed = number.StartDeactivation($"op-{++_operations}", _now).IsSuccess;
                    break;
                case Kind.CompleteOperation:
                    changed = number.CompleteOperation(OperationIdFor(read, step), _now);
                    break;
                case Kind.FailOperation:
                    changed = number.FailOperation(OperationIdFor(read, step), "voice platform refused", _now);
                    break;
                case Kind.Assign:
                    changed = number.Assign(new Assignment($"user-{step.Argument}", "User"), _now).IsSuccess;
                    break;
                case Kind.Unassign:
                    changed = number.Unassign(_now).IsSuccess;
                    break;
                case Kind.StartCoolingOff:
                    changed = number.StartCoolingOff(_now.AddDays(step.Argument * 10 - 5), _now).IsSuccess;
                    break;
                case Kind.LiftCoolingOff:
                    changed = number.LiftCoolingOff(_now).IsSuccess;
                    break;
                case Kind.Release:
                    changed = number.ReleaseFromCoolingOff(_now);
                    break;
                case Kind.Lock:
                    changed = number.Lock("platform maintenance", _now).IsSuccess;
                    break;
                case Kind.Unlock:
                    changed = number.Unlock(_now).IsSuccess;
                    break;
                case Kind.NominateMainNumber:
                    changed = number.NominateMainNumber(_now).IsSuccess;
                    break;
                case Kind.WithdrawMainNumber:
                    changed = number.WithdrawMainNumber(_now).IsSuccess;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(step));
            }

            Assert.Equal(changed ? 1 : 0, number.NewEvents.Count);
            if (!changed)
            {
                return;
            }

            // One entity-group transaction with ETag checks: it commits only if what it read is still current.
            var current = _numbers[step.Number].Sequence == read.Sequence
                && (!organizationChanged || _organizations[organizationIndex].Version == organizations[organizationIndex].Version);
            if (!current)
            {
                return;
            }

            Assert.Equal(read.Sequence + 1, number.NewEvents[0].Sequence);
            _eventsStored[step.Number] += number.NewEvents.Count;
            _changesCommitted[step.Number]++;
            number.MarkEventsStored();
            _numbers[step.Number] = number.ToSnapshot();
            if (organizationChanged)
            {
                _organizations[organizationIndex] = (newMainNumber, _organizations[organizationIndex].Version + 1);
            }
        }

        /// <summary>Mostly the running operation; sometimes another id, as a re-run or late activity would send.</summary>
        private static string OperationIdFor(PhoneNumberSnapshot read, Step step) =>
            step.Argument == 0 || read.PendingOperation is null ? "op-unknown" : read.PendingOperation.OperationId;

        private void CheckInvariants(Step step)
        {
            for (var i = 0; i < _numbers.Length; i++)
            {
                var n = _numbers[i];
                var where = $"after {step}, {n.Number} ({n.Status})";
                Assert.True(n.Status != PhoneNumberStatus.Active || n.Allocation is not null, $"{where}: ACTIVE without an allocation.");
                Assert.True(n.Assignment is null || (n.Status == PhoneNumberStatus.Active && !n.IsMainNumber), $"{where}: assigned but not an ACTIVE, non-main number.");
                Assert.True((n.Status == PhoneNumberStatus.Pending) == (n.PendingOperation is not null), $"{where}: PENDING and the pending operation disagree.");
                Assert.True(n.Status is PhoneNumberStatus.Available or PhoneNumberStatus.Cooldown == (n.Allocation is null), $"{where}: allocation does not match the status.");
                Assert.True(!n.Locked || PhoneNumber.Restore(n).AllowedActions(_now, null).Count == 0, $"{where}: a locked number offers actions.");
                Assert.True(n.IsMainNumber || _organizations.All(o => o.MainNumber != n.Number), $"{where}: an organization's main number is not nominated.");
                Assert.Equal(_eventsStored[i], n.Sequence);
                Assert.Equal(_changesCommitted[i], n.Sequence);
            }

            for (var o = 0; o < Organizations.Length; o++)
            {
                var mains = _numbers.Where(n => n.IsMainNumber && n.Allocation == Organizations[o]).ToList();
                Assert.True(mains.Count <= 1, $"after {step}: {Organizations[o]} holds {mains.Count} main numbers.");
                var recorded = _organizations[o].MainNumber;
                Assert.True(recorded is null || _numbers.Single(n => n.Number == recorded).Allocation == Organizations[o],
                    $"after {step}: {Organizations[o]} records main number {recorded}, which is not allocated to it.");
            }
        }
    }
}
