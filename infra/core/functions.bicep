param planName string
param appName string
param location string
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (for AzureWebJobsStorage__clientId and Key Vault references).')
param identityClientId string

@description('Principal id of that identity (role on Application Insights).')
param identityPrincipalId string

param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string

@description('App settings the code reads, beyond the storage and monitoring ones this module sets.')
param appSettings object

@description('Client id of the Entra ID app registration for App Service Authentication; empty leaves it off.')
param authClientId string = ''

@description('Tenant of that app registration.')
param authTenantId string = tenant().tenantId

@description('The Entra ID app role that makes a signed-in principal program staff (Access__StaffRole).')
param staffRole string = 'PartnerProgram.Staff'

@description('Hashed staff keys, each "staffId:sha256hex" (Access__StaffKeyHashes__0, __1, ...).')
param staffKeyHashes string[] = []

@description('Always-ready instances of the durable group (orchestrators, activities, entities): Microsoft recommends 1 for Durable Functions on Flex Consumption.')
@minValue(0)
param durableAlwaysReadyInstances int = 1

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var authEnabled = !empty(authClientId)

// Access__StaffKeyHashes__1, __2, ... (entry 0 is set below with the other Access settings).
var moreStaffKeySettings = toObject(
  range(1, max(length(staffKeyHashes) - 1, 0)),
  index => 'Access__StaffKeyHashes__${index}',
  index => staffKeyHashes[index]
)

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd finds the service to deploy to by this tag.
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
    // Flex Consumption refuses the site properties it does not support (ftpsState among them, error 51021): keep to
    // the ones it lists; the ARM test checks none of them comes back.
    siteConfig: {
      minTlsVersion: '1.2'
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
        alwaysReady: [
          {
            name: 'durable'
            instanceCount: durableAlwaysReadyInstances
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // The app's first start reads telemetry with this role; the storage and Key Vault roles come first too (main.bicep).
  dependsOn: [
    telemetryRole
  ]

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, {
      // Storage by service URI with the user-assigned identity: no keys anywhere.
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // host.json's route prefix is empty (pages at the site root, the API under /api): the platform's own home
      // page must not answer "/" instead of the sign-in redirect.
      AzureWebJobsDisableHomepage: 'true'
      // Per-instance token buckets (each instance limits separately).
      RateLimits__ApprovalPermitsPerMinute: '10'
      RateLimits__EvidenceUploadPermitsPerMinute: '30'
      RateLimits__CredentialFailurePermitsPerMinute: '20'
      // Access (README, Security). No local staff key in Azure (refused at start-up there); staff keys as
      // "staffId:sha256hex" entries; X-MS-CLIENT-PRINCIPAL trusted exactly when App Service Authentication is on
      // (authSettings below), where the platform sets it and drops any a client sends.
      Access__LocalStaffKey: ''
      Access__StaffKeyHashes__0: empty(staffKeyHashes) ? '' : staffKeyHashes[0]
      Access__TrustAppServicePrincipal: authEnabled ? 'true' : 'false'
      Access__StaffRole: staffRole
    }, moreStaffKeySettings)
  }

  // App Service Authentication with the Microsoft identity provider (README, Deploy to Azure). Unauthenticated
  // requests pass through, so API keys (X-Api-Key) and the emailed approval links keep working; a signed-in
  // principal reaches the app as X-MS-CLIENT-PRINCIPAL with its app roles (staffRole makes it staff). No client
  // secret: browser sign-in uses the ID token (implicit grant), and no token store is needed. Pages sign in at
  // /.auth/login/aad?post_login_redirect_uri=/... and out at /.auth/logout.
  resource authSettings 'config' = if (authEnabled) {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
      }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      httpSettings: {
        requireHttps: true
        routes: {
          apiPrefix: '/.auth'
        }
        forwardProxy: {
          convention: 'NoProxy'
        }
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [
              authClientId
              'api://${authClientId}'
            ]
          }
        }
      }
      login: {
        tokenStore: {
          enabled: false
        }
        preserveUrlFragmentsForLogins: true
      }
    }
  }
}

// Monitoring Metrics Publisher: 3913510d-42f4-4e42-8a64-420c390055eb (local auth is off on Application Insights).
var metricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, metricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisherRoleId)
    description: 'Monitoring Metrics Publisher'
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
