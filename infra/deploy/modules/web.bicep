// The page (web/): a Static Web App on the Standard plan, which serves the published Blazor files, signs users in
// with Microsoft Entra ID and forwards /api/* to the Function app linked as its backend (same origin, no CORS).
// Linked backends need the Standard plan and exist only in the production environment, hence no staging environments.
param name string
param location string
param tags object = {}
param functionAppName string
param functionAppLocation string
@description('Application (client) ID of the Microsoft Entra app registration users sign in with.')
param entraClientId string
@secure()
@description('A client secret of that app registration.')
param entraClientSecret string

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
    // azd deploys the files with the Static Web Apps CLI (as azd's own templates declare it); no repository is connected.
    provider: 'Custom'
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }

  // Sign-in uses a custom Microsoft Entra registration (Standard plan): the rolesSource function that gives operators
  // their site roles needs one. staticwebapp.config.json names these two settings (auth.identityProviders.azureActiveDirectory).
  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      ENTRA_CLIENT_ID: entraClientId
      ENTRA_CLIENT_SECRET: entraClientSecret
    }
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

// The front door of the Function app: App Service Authentication (v2) that admits only this Static Web App. A request
// sent straight to https://<function app>/api/... without the Static Web App's credential is answered 401 by the platform
// before any function runs, and App Service drops X-MS-CLIENT-PRINCIPAL headers that a client sends itself, so a
// forged principal never reaches the app. Linking the backend configures the same on Azure; declaring it here keeps it
// in the template (a later deployment cannot silently drop it) and lets the tests check it. The clientId of the
// Static Web Apps provider is the Static Web App's default host name.
resource frontDoor 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureStaticWebApps: {
        enabled: true
        registration: {
          clientId: web.properties.defaultHostname
        }
      }
    }
  }
  dependsOn: [
    web::api // linking writes this configuration too: ours is applied after it
  ]
}

output name string = web.name
output uri string = 'https://${web.properties.defaultHostname}'
output defaultHostname string = web.properties.defaultHostname
