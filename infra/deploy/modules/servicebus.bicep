// Service Bus namespace (Standard: topics need at least Standard) with the phone-number-events
// topic. SAS (local) auth is disabled: senders authenticate with Entra ID only.
param namespaceName string
param topicName string
param location string
param tags object = {}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  resource topic 'topics' = {
    name: topicName
    properties: {
      // A retried publish carrying the same MessageId within 10 minutes is dropped by the broker.
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      defaultMessageTimeToLive: 'P14D'
      enableBatchedOperations: true
      supportOrdering: true
    }

    // Example consumer: an audit trail that reads each phone number's events in order (session = number).
    resource auditSubscription 'subscriptions' = {
      name: 'audit'
      properties: {
        requiresSession: true
        maxDeliveryCount: 10
        deadLetteringOnMessageExpiration: true
        lockDuration: 'PT1M'
      }
    }
  }
}

output namespaceName string = namespace.name
output topicName string = namespace::topic.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
