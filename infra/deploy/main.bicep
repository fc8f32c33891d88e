// Site Telephony: everything `azd up` needs to run the Functions app in functions/ and the page in web/ on Azure.
// One resource group holding a Flex Consumption (FC1) Function App, its storage account,
// a Service Bus namespace with the phone-number-events topic, monitoring, the
// user-assigned managed identity the app uses for every data-plane call (no keys anywhere),
// and the Static Web App (Standard) that serves the page with the Function app linked as its /api backend.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to derive a unique token for resource names.')
param environmentName string

@minLength(1)
@description('Primary location for all resources. Must be a region that offers Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional override for the resource group name.')
param resourceGroupName string = ''

@description('ISO 3166 region used when a phone number is given without an international prefix (Telephony__DefaultRegion).')
@minLength(2)
@maxLength(2)
param defaultRegion string = 'GB'

@description('Days a released number stays in cooling-off before it can be reassigned (Telephony__DefaultCoolingOffDays).')
@minValue(0)
@maxValue(3650)
param defaultCoolingOffDays int = 90

@description('Base URL of the voice platform API (VoicePlatform__BaseUrl). Empty means the app uses its simulated platform.')
param voicePlatformBaseUrl string = ''

@description('Voicemail PIN a number gets back when it is deactivated (VoicePlatform__DefaultPin): 4 to 8 digits.')
@minLength(4)
@maxLength(8)
param voicemailDefaultPin string = '0000'

@description('Maximum number of instances the Flex Consumption app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory size of each Flex Consumption instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Region of the Static Web App that serves the page. Static Web Apps is offered in a few regions only; the linked Function app stays in `location`.')
@allowed([
  'centralus'
  'eastus2'
  'eastasia'
  'westeurope'
  'westus2'
])
param staticWebAppLocation string = 'westeurope'

@minLength(36)
@maxLength(36)
@description('Application (client) ID of the Microsoft Entra app registration the page signs users in with (infra/deploy/README.md).')
param entraClientId string

@secure()
@minLength(1)
@description('A client secret of that app registration; stored only in the Static Web App\'s application settings.')
param entraClientSecret string

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Names are computed here (not read from module outputs) so that What-If can predict every resource id.
var functionAppName = 'func-api-${resourceToken}'
var identityName = 'id-api-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var serviceBusNamespaceName = 'sb-${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var staticWebAppName = 'stapp-${resourceToken}'
// Container names: 3-63 chars, lowercase letters, digits and hyphens.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var eventsTopicName = 'phone-number-events'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'serviceBus'
  scope: rg
  params: {
    namespaceName: serviceBusNamespaceName
    topicName: eventsTopicName
    location: location
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityName: identityName
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    topicName: eventsTopicName
    applicationInsightsName: applicationInsightsName
  }
  dependsOn: [
    identity
    storage
    serviceBus
    monitoring
  ]
}

module api 'modules/functionapp.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    eventsTopicName: serviceBus.outputs.topicName
    defaultRegion: defaultRegion
    defaultCoolingOffDays: defaultCoolingOffDays
    voicePlatformBaseUrl: voicePlatformBaseUrl
    voicemailDefaultPin: voicemailDefaultPin
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  dependsOn: [
    storage
    monitoring
    // The app's first start (and the deployment package upload) needs the identity's data-plane roles.
    rbac
  ]
}

module web 'modules/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: staticWebAppName
    location: staticWebAppLocation
    tags: tags
    functionAppName: functionAppName
    functionAppLocation: location
    entraClientId: entraClientId
    entraClientSecret: entraClientSecret
  }
  dependsOn: [
    api // the backend must exist before it is linked
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STATIC_WEB_APP_NAME string = web.outputs.name
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = web.outputs.uri
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_EVENTS_TOPIC string = serviceBus.outputs.topicName
// Not a secret: an ingestion endpoint + instrumentation key, and local auth is disabled on the component.
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
