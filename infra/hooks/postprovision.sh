#!/bin/sh
# azd postprovision hook: writes src/PartnerFunctions.FunctionApp/local.settings.json from the provisioned outputs so
# the app can run locally against the Azure resources with your own identity (the deploying user has data roles).
# local.settings.json is git-ignored: it is never committed, and no secret is written into it (the SendGrid key stays
# in Key Vault; locally, leave it empty to use the capture endpoint, or paste a key of your own).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
target="$root/src/PartnerFunctions.FunctionApp/local.settings.json"

# azd passes outputs as environment variables; fail clearly when one is missing.
: "${AZURE_STORAGE_BLOB_ENDPOINT:?missing output AZURE_STORAGE_BLOB_ENDPOINT}"
: "${AZURE_STORAGE_QUEUE_ENDPOINT:?missing output AZURE_STORAGE_QUEUE_ENDPOINT}"
: "${AZURE_STORAGE_TABLE_ENDPOINT:?missing output AZURE_STORAGE_TABLE_ENDPOINT}"


cat > "$target" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AzureWebJobsStorage__credential": "azurecli",
    "AzureWebJobsStorage__blobServiceUri": "${AZURE_STORAGE_BLOB_ENDPOINT}",
    "AzureWebJobsStorage__queueServiceUri": "${AZURE_STORAGE_QUEUE_ENDPOINT}",
    "AzureWebJobsStorage__tableServiceUri": "${AZURE_STORAGE_TABLE_ENDPOINT}",
    "TaskHubName": "partnerfunctionslocal",
    "Reevaluation__Schedule": "${REEVALUATION_SCHEDULE:-0 0 2 * * *}",
    "Workflows__StaffApproverEmail": "${STAFF_APPROVER_EMAIL:-program-staff@example.com}",
    "Workflows__EscalationApproverEmail": "${ESCALATION_APPROVER_EMAIL:-program-lead@example.com}",
    "Workflows__PublicBaseUrl": "http://localhost:7071",
    "SendGrid__ApiKey": "",
    "SendGrid__FromEmail": "${SENDGRID_FROM_EMAIL:-partners@example.com}",
    "APPLICATIONINSIGHTS_CONNECTION_STRING": "${APPLICATIONINSIGHTS_CONNECTION_STRING:-}"
  }
}
JSON
echo "Wrote $target"
