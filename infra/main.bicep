targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; used for the resource group name, the resource token and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region of every resource. Only regions that offer Flex Consumption (az functionapp list-flexconsumption-locations); the list of Azure-Samples/functions-quickstart-dotnet-azd.')
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying principal (azd sets it): gets data roles on storage and Key Vault for local debugging. Empty to skip.')
param principalId string = ''

@description('Type of that principal: User for azd up from your machine, ServicePrincipal from a pipeline (azd env set AZURE_PRINCIPAL_TYPE ServicePrincipal).')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Client id of the Entra ID app registration staff sign in with (README, Deploy to Azure). Empty: App Service Authentication stays off and staff use hashed keys.')
param authClientId string = ''

@description('Tenant of that app registration.')
param authTenantId string = tenant().tenantId

@description('Hashed staff keys, comma-separated "staffId:sha256hex" entries (Access__StaffKeyHashes__0, __1, ...). Hashes only, never keys.')
param staffKeyHashes string = ''

@description('Program staff mailbox that receives approval requests.')
param staffApproverEmail string

@description('Language of the emails to program staff (approval requests, reminders, escalations).')
@allowed([
  'en'
  'fr'
])
param staffLanguage string = 'en'

@description('Second approver mailbox, escalated to when the first does not answer.')
param escalationApproverEmail string

@description('Sender address of notification emails (a verified SendGrid sender).')
param sendGridFromEmail string

@description('Display name of the sender of notification emails.')
param sendGridFromName string = 'Partner Program'

@secure()
@description('SendGrid API key, stored in Key Vault. Leave empty to set the secret yourself after provisioning.')
param sendGridApiKey string = ''

@description('NCRONTAB schedule of the nightly re-evaluation (UTC).')
param reevaluationSchedule string = '0 0 2 * * *'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}partners-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'
var keyVaultName = '${abbrs.keyVaultVaults}${take(resourceToken, 20)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}partners-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    containerNames: [
      'evidence-documents'
      'reports'
      'program-definitions'
    ]
  }
}

module storageRoles 'core/storage-rbac.bicep' = {
  name: 'storage-roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    sendGridApiKey: sendGridApiKey
  }
}

module functionApp 'core/functions.bicep' = {
  name: 'functions'
  scope: rg
  // The app's first start needs its storage roles (AzureWebJobsStorage) and Key Vault access (the SendGrid key
  // reference): it waits for both rather than racing them.
  dependsOn: [
    storageRoles
    keyVault
  ]
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    appName: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    authClientId: authClientId
    authTenantId: authTenantId
    staffKeyHashes: filter(map(split(staffKeyHashes, ','), entry => trim(entry)), entry => !empty(entry))
    appSettings: {
      TaskHubName: 'partnerfunctions'
      // A flat name: the scale controller resolves %ReevaluationSchedule% among the app settings as written.
      ReevaluationSchedule: reevaluationSchedule
      Workflows__StaffApproverEmail: staffApproverEmail
      Workflows__EscalationApproverEmail: escalationApproverEmail
      Workflows__StaffLanguage: staffLanguage
      Workflows__ApprovalReminderAfter: '2.00:00:00'
      Workflows__ApprovalEscalationAfter: '4.00:00:00'
      Workflows__ApprovalExpiresAfter: '7.00:00:00'
      Workflows__PartnersPerBatch: '500'
      Workflows__PartnersInFlight: '8'
      Workflows__PublicBaseUrl: 'https://${functionAppName}.azurewebsites.net'
      Storage__ConnectionName: 'AzureWebJobsStorage'
      Storage__TablePrefix: ''
      Storage__MaxDocumentBytes: '10485760'
      Storage__AllowedDocumentContentTypes__0: 'application/pdf'
      Storage__AllowedDocumentContentTypes__1: 'image/png'
      Storage__AllowedDocumentContentTypes__2: 'image/jpeg'
      Storage__ScanPageSize: '1000'
      Storage__MaxParallelRequests: '8'
      SendGrid__ApiKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=SendGridApiKey)'
      SendGrid__FromEmail: sendGridFromEmail
      SendGrid__FromName: sendGridFromName
      // Empty: the real SendGrid API (the local host points it at its capture endpoint instead).
      SendGrid__BaseUrl: ''
      SendGrid__MaxRetries: '3'
      SendGrid__RetryBaseDelay: '00:00:01'
      SendGrid__MaxRetryDelay: '00:00:20'
      SendGrid__RequestTimeout: '00:00:20'
      SendGrid__SandboxMode: 'false'
      Notifications__SendLease: '00:04:00'
      Notifications__DefaultRetryAfter: '00:00:30'
      Notifications__MaxParallelOutboxWrites: '8'
    }
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output STAFF_APPROVER_EMAIL string = staffApproverEmail
output ESCALATION_APPROVER_EMAIL string = escalationApproverEmail
output STAFF_LANGUAGE string = staffLanguage
output SENDGRID_FROM_EMAIL string = sendGridFromEmail
output REEVALUATION_SCHEDULE string = reevaluationSchedule
output AUTH_ENABLED bool = !empty(authClientId)
output AUTH_REDIRECT_URI string = '${functionApp.outputs.uri}/.auth/login/aad/callback'
output AUTH_LOGIN_URL string = '${functionApp.outputs.uri}/.auth/login/aad'
