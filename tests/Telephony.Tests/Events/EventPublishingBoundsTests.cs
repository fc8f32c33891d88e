using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Domain.Events;
using Telephony.Infrastructure.Events;
using Telephony.Tests.Support;
using static Telephony.Tests.Events.EventTestSupport;

namespace Telephony.Tests.Events;

/// <summary>How long a change and the sweep wait on a broker that does not answer.</summary>
public sealed class EventPublishingBoundsTests
{
    [Fact]
    public async Task A_change_is_answered_well_within_a_second_while_the_broker_accepts_connections_but_never_answers()
    {
        using var silentBroker = new SilentListener();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["ServiceBus"] = $"Endpoint=sb://localhost:{silentBroker.Port};SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true",
        });
        var api = new Api(app);
        await api.SeedAsync();

        var outbox = app.Get<EventOutbox>();
        var watch = Stopwatch.StartNew();
        await outbox.PublishCommittedAsync(Api.Site, Api.Number(0), default);
        var waited = watch.Elapsed;

        Assert.True(waited < TimeSpan.FromSeconds(1), $"the change waited {waited} for its publish");
        // The broker was really tried: on a loaded machine the inline publish can give up before its connection opens,
        // so the sweep (which gives each number longer) tries again before this is judged.
        for (var sweep = 0; sweep < 3 && silentBroker.Connections == 0; sweep++)
        {
            await app.SweepAsync();
        }

        Assert.True(silentBroker.Connections > 0, "no publish ever reached the broker");
        var answer = await api.AllocateAsync(Api.Site, Api.Number(1), """{"allocateTo":"operator"}""");
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("out|", app.Events(Api.Number(1)).Last().RowKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_whose_publish_hangs_holds_up_the_sweep_of_the_others_for_at_most_its_share()
    {
        var publisher = new HangingPublisher(Api.Number(0));
        await using var app = await TestApp.StartAsync(configure: services => services.AddSingleton<IEventPublisher>(publisher));
        var api = new Api(app);
        await api.SeedAsync(count: 4);

        var watch = Stopwatch.StartNew();
        await app.SweepAsync();
        var took = watch.Elapsed;

        // Far below the hang (30 s); the margin over the 2 s share is the other numbers' storage work on a busy machine.
        Assert.True(took < OutboxPublisher.SweepTimePerNumber + TimeSpan.FromSeconds(8), $"the sweep took {took}");
        Assert.Equal([Api.Number(1), Api.Number(2), Api.Number(3)], publisher.Published.Order());
        Assert.Empty(app.EventRecords(Api.Number(0)));
        Assert.Equal(Api.Number(0), Assert.Single(app.OutboxNotes()).GetString("Number"));
    }

    /// <summary>A publisher whose sends for one number take far longer than the sweep gives a number.</summary>
    private sealed class HangingPublisher(string hangs) : IEventPublisher
    {
        public ConcurrentBag<string> Published { get; } = [];

        public bool IsEnabled => true;

        public async Task PublishAsync(PhoneNumberEvent phoneNumberEvent, CancellationToken cancellationToken)
        {
            if (phoneNumberEvent.Number == hangs)
            {
                // Ignores cancellation, as a send stuck in a transport can.
                await Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None);
            }

            Published.Add(phoneNumberEvent.Number);
        }
    }

    /// <summary>A TCP port that accepts connections and never says a word: a broker behind a black hole.</summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private int _connections;

        public SilentListener()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync();
        }

        public int Port { get; }

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_held)
                    {
                        _held.Add(client);
                    }

                    Interlocked.Increment(ref _connections);
                }
            }
            catch (ObjectDisposedException)
            {
            }
            catch (SocketException)
            {
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }
        }
    }
}
