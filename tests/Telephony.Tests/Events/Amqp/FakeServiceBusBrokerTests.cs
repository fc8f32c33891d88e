using System.Text;
using Azure.Messaging.ServiceBus;

namespace Telephony.Tests.Events.Amqp;

public sealed class FakeServiceBusBrokerTests
{
    const string Topic = "phone-number-events";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_message_sent_with_the_real_client_arrives_with_its_properties()
    {
        await using var broker = FakeServiceBusBroker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions());
        await using var sender = client.CreateSender(Topic);

        var message = new ServiceBusMessage(Encoding.UTF8.GetBytes("""{"number":"+441234567890"}"""))
        {
            MessageId = "msg-1",
            Subject = "PhoneNumberStatusChanged",
            ContentType = "application/json",
            CorrelationId = "corr-1",
            SessionId = "+441234567890",
        };
        message.ApplicationProperties["eventType"] = "StatusChanged";
        message.ApplicationProperties["tenant"] = "site-42";
        await sender.SendMessageAsync(message);

        var received = Assert.Single(await broker.WaitForMessagesAsync(Topic, 1, Wait));
        Assert.Equal(Topic, received.Entity);
        Assert.Equal("msg-1", received.MessageId);
        Assert.Equal("PhoneNumberStatusChanged", received.Subject);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("corr-1", received.CorrelationId);
        Assert.Equal("+441234567890", received.SessionId);
        Assert.Equal("StatusChanged", received.ApplicationProperties["eventType"]);
        Assert.Equal("site-42", received.Property("tenant"));
        Assert.Equal("""{"number":"+441234567890"}""", received.BodyAsString);
        Assert.False(received.WasBatched);
    }

    [Fact]
    public async Task A_batch_arrives_as_individual_messages_in_order()
    {
        await using var broker = FakeServiceBusBroker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions());
        await using var sender = client.CreateSender(Topic);

        using var batch = await sender.CreateMessageBatchAsync();
        for (var i = 1; i <= 3; i++)
        {
            var message = new ServiceBusMessage($"body-{i}") { MessageId = $"batch-{i}", Subject = "BatchItem" };
            message.ApplicationProperties["index"] = i.ToString();
            Assert.True(batch.TryAddMessage(message));
        }

        await sender.SendMessagesAsync(batch);
        await sender.SendMessagesAsync([new ServiceBusMessage("body-4") { MessageId = "batch-4" }, new ServiceBusMessage("body-5") { MessageId = "batch-5" }]);

        var received = await broker.WaitForMessagesAsync(Topic, 5, Wait);
        Assert.Equal(["batch-1", "batch-2", "batch-3", "batch-4", "batch-5"], received.Select(m => m.MessageId));
        Assert.Equal(["body-1", "body-2", "body-3", "body-4", "body-5"], received.Select(m => m.BodyAsString));
        Assert.Equal(["1", "2", "3"], received.Take(3).Select(m => m.Property("index")));
        Assert.All(received.Take(3), m => Assert.Equal("BatchItem", m.Subject));
        Assert.All(received, m => Assert.True(m.WasBatched));
    }

    [Fact]
    public async Task Messages_are_kept_apart_per_entity()
    {
        await using var broker = FakeServiceBusBroker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions());
        await using var events = client.CreateSender(Topic);
        await using var audit = client.CreateSender("audit");

        await events.SendMessageAsync(new ServiceBusMessage("a") { MessageId = "e-1" });
        await audit.SendMessageAsync(new ServiceBusMessage("b") { MessageId = "a-1" });
        await events.SendMessageAsync(new ServiceBusMessage("c") { MessageId = "e-2" });

        Assert.Equal(["e-1", "e-2"], (await broker.WaitForMessagesAsync(Topic, 2, Wait)).Select(m => m.MessageId));
        Assert.Equal(["a-1"], broker.MessagesFor("audit").Select(m => m.MessageId));
        Assert.Empty(broker.MessagesFor("nobody-sent-here"));
    }

    [Fact]
    public async Task A_failing_broker_rejects_sends_until_it_recovers()
    {
        await using var broker = FakeServiceBusBroker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions());
        await using var sender = client.CreateSender(Topic);

        await sender.SendMessageAsync(new ServiceBusMessage("before") { MessageId = "before" });
        broker.FailNextSends(2);

        await Assert.ThrowsAnyAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("lost-1") { MessageId = "lost-1" }));
        await Assert.ThrowsAnyAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("lost-2") { MessageId = "lost-2" }));
        await sender.SendMessageAsync(new ServiceBusMessage("after") { MessageId = "after" });

        Assert.Equal(2, broker.RejectedSendCount);
        Assert.Equal(["before", "after"], (await broker.WaitForMessagesAsync(Topic, 2, Wait)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_client_retry_gets_through_once_the_broker_recovers()
    {
        await using var broker = FakeServiceBusBroker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions(maxRetries: 1));
        await using var sender = client.CreateSender(Topic);

        broker.FailNextSends(1);
        await sender.SendMessageAsync(new ServiceBusMessage("retried") { MessageId = "retried" });

        Assert.Equal(1, broker.RejectedSendCount);
        Assert.Equal(["retried"], (await broker.WaitForMessagesAsync(Topic, 1, Wait)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task Waiting_for_more_messages_than_arrive_times_out_with_what_did_arrive()
    {
        await using var broker = FakeServiceBusBroker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions());
        await using var sender = client.CreateSender(Topic);
        await sender.SendMessageAsync(new ServiceBusMessage("only") { MessageId = "only-one" });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => broker.WaitForMessagesAsync(Topic, 2, TimeSpan.FromMilliseconds(300)));
        Assert.Contains("only-one", error.Message);
    }

    [Fact]
    public async Task A_disposed_broker_refuses_further_sends()
    {
        var broker = FakeServiceBusBroker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, FakeServiceBusBroker.FastClientOptions());
        await using var sender = client.CreateSender(Topic);
        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "first" });

        broker.Dispose();

        await Assert.ThrowsAnyAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("second")));
        Assert.Equal(["first"], broker.MessagesFor(Topic).Select(m => m.MessageId));
    }
}
