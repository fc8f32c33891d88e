// The page (web/): a Static Web App on the Standard plan, which serves the published Blazor files, signs users in
// with Microsoft Entra ID and forwards /api/* to the Function app linked as its backend (same origin, no CORS).
// Linked backends need the Standard plan and exist only in the production environment, hence no staging environments.
param name string
param location string
param tags object = {}
param functionAppName string
param functionAppLocation string

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource web 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // azd deploys the files with the Static Web Apps CLI; no repository is connected.
    provider: 'None'
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }

  // Every request to https://<static web app>/api/* goes to the same path on the Function app.
  resource api 'linkedBackends' = {
    name: 'api'
    properties: {
      backendResourceId: functionApp.id
      region: functionAppLocation
    }
  }
}

output name string = web.name
output uri string = 'https://${web.properties.defaultHostname}'
output defaultHostname string = web.properties.defaultHostname
