using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Sasl;
using Amqp.Types;
using AmqpMessage = Amqp.Message;

namespace Telephony.Tests.Events.Amqp;

/// <summary>
/// A small in-process Service Bus stand-in speaking real AMQP 1.0 (AMQPNetLite <see cref="ContainerHost"/>),
/// good enough for the real <c>Azure.Messaging.ServiceBus</c> <c>ServiceBusClient</c>/<c>ServiceBusSender</c>
/// to send to it. It accepts the client's CBS token handshake, stores every message sent to an entity
/// (queue or topic) in order, unpacks batches, and can be told to reject the next N sends.
/// It does not serve receivers, sessions, scheduling or the $management node.
/// </summary>
/// <example>
/// <code>
/// await using var broker = FakeServiceBusBroker.Start();
/// await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions());
/// await client.CreateSender("phone-number-events").SendMessageAsync(new ServiceBusMessage("hi"));
/// var messages = await broker.WaitForMessagesAsync("phone-number-events", 1);
/// </code>
/// </example>
public sealed class FakeServiceBusBroker : IDisposable, IAsyncDisposable
{
    /// <summary>AMQP message format Service Bus uses for a batch: one Data section per encoded message.</summary>
    public const uint BatchMessageFormat = 0x80013700;

    /// <summary>max-message-size announced on every attach reply (the client needs it to size batches).</summary>
    public const ulong MaxMessageSize = 1024 * 1024;

    const string CbsNode = "$cbs";
    static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    readonly ContainerHost host;
    readonly object gate = new();
    readonly Dictionary<string, List<ReceivedMessage>> messagesByEntity = new(StringComparer.OrdinalIgnoreCase);
    readonly List<Waiter> waiters = [];
    readonly ConcurrentDictionary<string, ListenerLink> cbsReplyLinks = new(StringComparer.Ordinal);
    int sendsToFail;
    int rejectedSends;
    int disposed;

    FakeServiceBusBroker(ContainerHost host, int port)
    {
        this.host = host;
        Port = port;
    }

    /// <summary>The loopback TCP port the broker listens on (plain AMQP, no TLS).</summary>
    public int Port { get; }

    /// <summary>
    /// A connection string for <c>ServiceBusClient</c>. <c>UseDevelopmentEmulator=true</c> makes the client use
    /// plain AMQP on the given port; key name and key are ignored (any token is accepted).
    /// </summary>
    public string ConnectionString =>
        $"Endpoint=sb://localhost:{Port};SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true";

    /// <summary>How many sends (message or batch deliveries) the broker has rejected so far.</summary>
    public int RejectedSendCount => Volatile.Read(ref rejectedSends);

    /// <summary>Starts a broker on a free loopback port.</summary>
    public static FakeServiceBusBroker Start()
    {
        EnsureThreadPoolHeadroom();

        // Find a free port (bind port 0, then release it) and listen on it; retry on the rare race.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var host = new ContainerHost(new Address($"amqp://127.0.0.1:{port}"));
            var broker = new FakeServiceBusBroker(host, port);
            var listener = host.Listeners[0];
            listener.SASL.EnableAnonymousMechanism = true;
            // The Service Bus client authenticates with CBS tokens and opens SASL with mechanism MSSBCBS.
            listener.SASL.EnableMechanism(new Symbol("MSSBCBS"), SaslProfile.Anonymous);
            host.RegisterLinkProcessor(new LinkProcessor(broker));
            try
            {
                host.Open();
                return broker;
            }
            catch (SocketException) when (attempt < 5)
            {
                host.Close();
            }
        }
    }

    /// <summary>
    /// Client options that make failures surface fast: at most <paramref name="maxRetries"/> retries,
    /// short delays and a short try timeout.
    /// </summary>
    public static Azure.Messaging.ServiceBus.ServiceBusClientOptions FastClientOptions(int maxRetries = 0) => new()
    {
        RetryOptions = new Azure.Messaging.ServiceBus.ServiceBusRetryOptions
        {
            Mode = Azure.Messaging.ServiceBus.ServiceBusRetryMode.Fixed,
            MaxRetries = maxRetries,
            Delay = TimeSpan.FromMilliseconds(50),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            TryTimeout = TimeSpan.FromSeconds(5),
        },
    };

    /// <summary>A snapshot of the messages received for an entity, in arrival order (empty if none).</summary>
    public IReadOnlyList<ReceivedMessage> MessagesFor(string entity)
    {
        lock (gate)
        {
            return messagesByEntity.TryGetValue(entity, out var list) ? list.ToArray() : [];
        }
    }

    /// <summary>The names of the entities that received at least one message.</summary>
    public IReadOnlyCollection<string> Entities
    {
        get
        {
            lock (gate)
            {
                return messagesByEntity.Keys.ToArray();
            }
        }
    }

    /// <summary>
    /// Waits until the entity has received at least <paramref name="count"/> messages and returns them all
    /// (in arrival order). Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(
        string entity, int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        Waiter waiter;
        lock (gate)
        {
            var current = MessagesFor(entity);
            if (current.Count >= count)
            {
                return current;
            }

            waiter = new Waiter(entity, count);
            waiters.Add(waiter);
        }

        var limit = timeout ?? DefaultWaitTimeout;
        try
        {
            return await waiter.Completion.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var got = MessagesFor(entity);
            throw new TimeoutException(
                $"Expected {count} message(s) on '{entity}' within {limit.TotalSeconds:0.##}s but got {got.Count}" +
                (got.Count == 0 ? "" : ": " + string.Join(", ", got.Select(m => m.MessageId))) +
                $". Entities with messages: [{string.Join(", ", Entities)}].");
        }
        finally
        {
            lock (gate)
            {
                waiters.Remove(waiter);
            }
        }
    }

    /// <summary>
    /// Rejects the next <paramref name="count"/> sends with an <c>amqp:internal-error</c>, as if Service Bus were down.
    /// Every delivery counts: a batch is one send, and each client retry is another send.
    /// </summary>
    public void FailNextSends(int count) => Interlocked.Exchange(ref sendsToFail, Math.Max(0, count));

    /// <summary>Stops rejecting sends.</summary>
    public void Recover() => Interlocked.Exchange(ref sendsToFail, 0);

    /// <summary>Forgets all received messages.</summary>
    public void Clear()
    {
        lock (gate)
        {
            messagesByEntity.Clear();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        lock (gate)
        {
            foreach (var waiter in waiters)
            {
                waiter.Completion.TrySetException(new ObjectDisposedException(nameof(FakeServiceBusBroker)));
            }

            waiters.Clear();
        }

        host.Close();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // AMQPNetLite's listener and the client's AMQP stack together briefly block pool threads; on a small
    // machine (2 cores) the pool then starves and a send stalls ~1 s until the pool injects a thread.
    // Raising the minimum (process-wide, only ever upwards) removes that stall in test runs.
    static void EnsureThreadPoolHeadroom()
    {
        const int minimum = 32;
        ThreadPool.GetMinThreads(out var worker, out var io);
        if (worker < minimum || io < minimum)
        {
            ThreadPool.SetMinThreads(Math.Max(worker, minimum), Math.Max(io, minimum));
        }
    }

    static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    // ---- AMQP side -------------------------------------------------------------------------------------------

    void OnEntityMessage(string entity, MessageContext context)
    {
        if (Volatile.Read(ref disposed) != 0)
        {
            // Closing the host closes live connections asynchronously; refuse what still trickles in.
            context.Complete(new Error(ErrorCode.DetachForced) { Description = "FakeServiceBusBroker is disposed." });
            return;
        }

        if (TryConsumeFailure())
        {
            Interlocked.Increment(ref rejectedSends);
            context.Complete(new Error(ErrorCode.InternalError)
            {
                Description = $"FakeServiceBusBroker is failing sends to '{entity}' (simulated outage).",
            });
            return;
        }

        List<ReceivedMessage> received;
        try
        {
            received = Unpack(entity, context.Message);
        }
        catch (Exception exception)
        {
            context.Complete(new Error(ErrorCode.DecodeError) { Description = exception.Message });
            return;
        }

        Store(entity, received);
        context.Complete();
    }

    bool TryConsumeFailure()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref sendsToFail);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref sendsToFail, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }

    void Store(string entity, List<ReceivedMessage> received)
    {
        lock (gate)
        {
            if (!messagesByEntity.TryGetValue(entity, out var list))
            {
                list = [];
                messagesByEntity[entity] = list;
            }

            list.AddRange(received);
            foreach (var waiter in waiters.Where(w => string.Equals(w.Entity, entity, StringComparison.OrdinalIgnoreCase)))
            {
                if (list.Count >= waiter.Count)
                {
                    waiter.Completion.TrySetResult(list.ToArray());
                }
            }
        }
    }

    static List<ReceivedMessage> Unpack(string entity, AmqpMessage message)
    {
        if (message.Format == BatchMessageFormat)
        {
            // A batch: each Data section holds one complete encoded AMQP message.
            return DataSections(message.BodySection)
                .Select(bytes => ToReceived(entity, AmqpMessage.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length)), true))
                .ToList();
        }

        return [ToReceived(entity, message, false)];
    }

    static IEnumerable<byte[]> DataSections(RestrictedDescribed? body) => body switch
    {
        DataList list => Enumerable.Range(0, list.Count).Select(i => list[i].Binary),
        Data data => [data.Binary],
        _ => [],
    };

    static ReceivedMessage ToReceived(string entity, AmqpMessage message, bool batched)
    {
        var properties = message.Properties;
        return new ReceivedMessage
        {
            Entity = entity,
            MessageId = properties?.GetMessageId()?.ToString(),
            Subject = properties?.Subject,
            ContentType = properties?.ContentType?.ToString(),
            CorrelationId = properties?.GetCorrelationId()?.ToString(),
            SessionId = properties?.GroupId,
            ReplyTo = properties?.ReplyTo,
            To = properties?.To,
            ApplicationProperties = ToDictionary(message.ApplicationProperties?.Map),
            MessageAnnotations = ToDictionary(message.MessageAnnotations?.Map),
            Body = BodyBytes(message.BodySection),
            WasBatched = batched,
        };
    }

    static Dictionary<string, object?> ToDictionary(Map? map)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (map is not null)
        {
            foreach (DictionaryEntry entry in (IDictionary)map)
            {
                result[entry.Key.ToString()!] = entry.Value;
            }
        }

        return result;
    }

    static byte[] BodyBytes(RestrictedDescribed? body) => body switch
    {
        Data data => data.Binary ?? [],
        DataList list => Enumerable.Range(0, list.Count).SelectMany(i => list[i].Binary ?? []).ToArray(),
        AmqpValue { Value: byte[] bytes } => bytes,
        AmqpValue { Value: string text } => Encoding.UTF8.GetBytes(text),
        _ => [],
    };

    void OnCbsRequest(MessageContext context)
    {
        // put-token: accept any token. The answer goes to the link whose target is the request's reply-to.
        var request = context.Message;
        var replyTo = request.Properties?.ReplyTo;
        context.Complete();

        if (replyTo is null || !cbsReplyLinks.TryGetValue(replyTo, out var replyLink))
        {
            return;
        }

        var response = new AmqpMessage
        {
            Properties = new Properties(),
            ApplicationProperties = new ApplicationProperties(),
        };
        response.Properties.SetCorrelationId(request.Properties!.GetMessageId());
        response.ApplicationProperties["status-code"] = 202;
        response.ApplicationProperties["status-description"] = "Accepted";
        replyLink.SendMessage(response);
    }

    sealed record Waiter(string Entity, int Count)
    {
        public TaskCompletionSource<IReadOnlyList<ReceivedMessage>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    sealed class LinkProcessor(FakeServiceBusBroker broker) : ILinkProcessor
    {
        public void Process(AttachContext attachContext)
        {
            var attach = attachContext.Attach;
            attach.MaxMessageSize = MaxMessageSize;

            // attach.Role is the peer's role: false = the client sends, true = the client receives.
            if (!attach.Role)
            {
                var address = EntityName((attach.Target as Target)?.Address);
                if (address == CbsNode)
                {
                    attachContext.Complete(new IncomingEndpoint(broker.OnCbsRequest), 100);
                }
                else if (!string.IsNullOrEmpty(address) && !address.StartsWith('$'))
                {
                    attachContext.Complete(new IncomingEndpoint(context => broker.OnEntityMessage(address, context)), 300);
                }
                else
                {
                    attachContext.Complete(NotSupported(address));
                }

                return;
            }

            var source = EntityName((attach.Source as Source)?.Address);
            var replyTo = (attach.Target as Target)?.Address;
            if (source == CbsNode && replyTo is not null)
            {
                var link = attachContext.Link;
                broker.cbsReplyLinks[replyTo] = link;
                attachContext.Complete(new ReplyEndpoint(() => broker.cbsReplyLinks.TryRemove(KeyValuePair.Create(replyTo, link))), 0);
                return;
            }

            attachContext.Complete(NotSupported(source));
        }

        static Error NotSupported(string? address) => new(ErrorCode.NotImplemented)
        {
            Description = $"FakeServiceBusBroker does not serve this link (address '{address}').",
        };

        // The client addresses entities as "/topic"; accept "topic" and absolute amqp/sb URIs too.
        static string? EntityName(string? address)
        {
            if (address is null)
            {
                return null;
            }

            if (address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                address = uri.AbsolutePath;
            }

            return address.Trim('/');
        }
    }

    sealed class IncomingEndpoint(Action<MessageContext> onMessage) : LinkEndpoint
    {
        public override void OnMessage(MessageContext messageContext) => onMessage(messageContext);

        public override void OnFlow(FlowContext flowContext)
        {
        }

        public override void OnDisposition(DispositionContext dispositionContext) => dispositionContext.Complete();
    }

    sealed class ReplyEndpoint(Action onClosed) : LinkEndpoint
    {
        public override void OnFlow(FlowContext flowContext)
        {
        }

        public override void OnDisposition(DispositionContext dispositionContext) => dispositionContext.Complete();

        public override void OnLinkClosed(ListenerLink link, Error error) => onClosed();
    }
}
