// Flex Consumption (FC1) plan + Linux Function App running the .NET 10 isolated worker.
// All connections are identity-based through the user-assigned identity: no keys, no SAS,
// no connection strings other than the (non-secret) Application Insights one.
param name string
param planName string
param location string
param tags object = {}
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param serviceBusFullyQualifiedNamespace string
param eventsTopicName string
param defaultRegion string
param defaultCoolingOffDays int
param voicePlatformBaseUrl string
param voicemailDefaultPin string
param maximumInstanceCount int
param instanceMemoryMB int

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Functions host + Durable Functions storage (blob, queue, table) via the managed identity.
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId

      // The app's own tables (TableServiceClient).
      TelephonyStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      TelephonyStorage__credential: 'managedidentity'
      TelephonyStorage__clientId: identityClientId

      // Phone-number event publishing (ServiceBusClient).
      ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
      ServiceBus__credential: 'managedidentity'
      ServiceBus__clientId: identityClientId

      // Application options.
      Telephony__EventsTopic: eventsTopicName
      Telephony__DefaultRegion: defaultRegion
      Telephony__DefaultCoolingOffDays: string(defaultCoolingOffDays)
      TelephonyTaskHub: 'telephony'
      CoolingOffReleaseSchedule: '0 */15 * * * *'
      CoolingOffReconcileSchedule: '0 30 2 * * *'
      SiteRegistryReconcileSchedule: '0 45 2 * * *'
      EventSweepSchedule: '0 */1 * * * *'
      EventReconcileSchedule: '0 */10 * * * *'
      VoicePlatform__BaseUrl: voicePlatformBaseUrl
      VoicePlatform__DefaultPin: voicemailDefaultPin
      PendingWatchdogSchedule: '0 */5 * * * *'

      // Believe X-MS-CLIENT-PRINCIPAL only behind App Service Authentication (modules/web.bicep): with it off, every
      // HTTP request is answered 401 (docs/security.md, "Trust between the page and the API").
      Security__RequireAppServiceAuthentication: 'true'

      // Telemetry with Entra ID auth (the component has local auth disabled).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    }
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
