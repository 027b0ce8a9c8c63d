@description('Storage account the principals get data-plane roles on.')
param storageAccountName string

@description('Principal id of the app\'s user-assigned identity.')
param appPrincipalId string

@description('Principal id of the deploying user, for local debugging against the same account; empty to skip.')
param userPrincipalId string = ''

@description('Type of that principal (User from a workstation, ServicePrincipal from a pipeline): ARM refuses a mismatch.')
@allowed([
  'User'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'

// Built-in role definition ids (a test checks each id against its name:
// tests/PartnerFunctions.FunctionApp.Tests/Infra/ArmTemplateTests.cs).
// Storage Blob Data Owner (the Functions host's blob leases and the timer's schedule monitor need Owner):
//   b7e6dc6d-f1e8-4753-8033-0f276bb0955b
// Storage Queue Data Contributor: 974c5e8b-45b9-4653-ba55-5f855dd0fb88
// Storage Table Data Contributor: 0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3
var roles = [
  {
    name: 'Storage Blob Data Owner'
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  }
  {
    name: 'Storage Queue Data Contributor'
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  }
  {
    name: 'Storage Table Data Contributor'
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  }
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: {
    name: guid(storage.id, appPrincipalId, role.id)
    scope: storage
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      description: role.name
    }
  }
]

resource userRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: if (!empty(userPrincipalId)) {
    name: guid(storage.id, userPrincipalId, role.id)
    scope: storage
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      description: role.name
    }
  }
]
