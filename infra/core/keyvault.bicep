param name string
param location string
param tags object

@description('Principal id of the app\'s user-assigned identity (reads the SendGrid key).')
param appPrincipalId string

@description('Principal id of the deploying user (may set and rotate the secret); empty to skip.')
param userPrincipalId string = ''

@description('Type of that principal (User from a workstation, ServicePrincipal from a pipeline): ARM refuses a mismatch.')
@allowed([
  'User'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'

@secure()
@description('SendGrid API key stored as the secret SendGridApiKey; empty keeps the secret out (set it later, see README).')
param sendGridApiKey string = ''

// Built-in role definition ids.
// Key Vault Secrets User: 4633458b-17de-408a-b874-0445c86b69e6
// Key Vault Secrets Officer: b86a8fe4-44ce-4948-aee5-eccb2c155cd7
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: 'SendGridApiKey'
  properties: {
    value: sendGridApiKey
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    description: 'Key Vault Secrets User'
  }
}

resource userSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  name: guid(vault.id, userPrincipalId, secretsOfficerRoleId)
  scope: vault
  properties: {
    principalId: userPrincipalId
    principalType: userPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
    description: 'Key Vault Secrets Officer'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
