#!/bin/sh
# azd postprovision hook: writes src/PartnerFunctions.FunctionApp/local.settings.json from the provisioned outputs so
# the Functions app can run locally (func start) against the Azure storage with your own sign-in (az login / azd auth
# login: the deploying principal has data roles on the account). Every setting the app reads is written, with the
# values of local.settings.sample.json where Azure gives none; the app validates them at start-up.
# No secret is written, and no real email leaves a workstation: SendGrid__BaseUrl points at a local
# SendGrid-compatible endpoint (as in local.settings.sample.json; if none listens there, sends fail and stay in the
# outbox) with a placeholder key. To send real mail locally, put your own key in SendGrid__ApiKey and empty
# SendGrid__BaseUrl (the key then lives in this git-ignored file only). Tables and containers get the prefix "local"
# so a local run never writes the deployed app's data.
# An existing local.settings.json is kept (it may hold your own changes): delete it to have it written again.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
target="${LOCAL_SETTINGS_PATH:-$root/src/PartnerFunctions.FunctionApp/local.settings.json}"

if [ -e "$target" ]; then
  echo "Kept the existing $target (delete it to write it from the provisioned outputs)."
  exit 0
fi

# azd passes outputs as environment variables; fail clearly when one is missing.
: "${AZURE_STORAGE_BLOB_ENDPOINT:?missing output AZURE_STORAGE_BLOB_ENDPOINT}"
: "${AZURE_STORAGE_QUEUE_ENDPOINT:?missing output AZURE_STORAGE_QUEUE_ENDPOINT}"
: "${AZURE_STORAGE_TABLE_ENDPOINT:?missing output AZURE_STORAGE_TABLE_ENDPOINT}"

# Written next to the target and moved into place, so an interrupted run leaves no half-written file.
tmp="$target.tmp.$$"
trap 'rm -f "$tmp"' EXIT
cat > "$tmp" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AzureWebJobsStorage__blobServiceUri": "${AZURE_STORAGE_BLOB_ENDPOINT}",
    "AzureWebJobsStorage__queueServiceUri": "${AZURE_STORAGE_QUEUE_ENDPOINT}",
    "AzureWebJobsStorage__tableServiceUri": "${AZURE_STORAGE_TABLE_ENDPOINT}",
    "TaskHubName": "partnerfunctionslocal",
    "ReevaluationSchedule": "${REEVALUATION_SCHEDULE:-0 0 2 * * *}",
    "APPLICATIONINSIGHTS_CONNECTION_STRING": "",
    "Workflows__StaffApproverEmail": "${STAFF_APPROVER_EMAIL:-program-staff@example.com}",
    "Workflows__EscalationApproverEmail": "${ESCALATION_APPROVER_EMAIL:-program-lead@example.com}",
    "Workflows__StaffLanguage": "${STAFF_LANGUAGE:-en}",
    "Workflows__ApprovalReminderAfter": "2.00:00:00",
    "Workflows__ApprovalEscalationAfter": "4.00:00:00",
    "Workflows__ApprovalExpiresAfter": "7.00:00:00",
    "Workflows__PartnersPerBatch": "500",
    "Workflows__PartnersInFlight": "8",
    "Workflows__PublicBaseUrl": "http://localhost:7071",
    "Storage__TablePrefix": "local",
    "Storage__ConnectionName": "AzureWebJobsStorage",
    "Storage__MaxDocumentBytes": "10485760",
    "Storage__AllowedDocumentContentTypes__0": "application/pdf",
    "Storage__AllowedDocumentContentTypes__1": "image/png",
    "Storage__AllowedDocumentContentTypes__2": "image/jpeg",
    "Storage__ScanPageSize": "1000",
    "Storage__MaxParallelRequests": "8",
    "SendGrid__ApiKey": "local-development-key",
    "SendGrid__FromEmail": "${SENDGRID_FROM_EMAIL:-partners@example.com}",
    "SendGrid__FromName": "Partner Program",
    "SendGrid__BaseUrl": "http://127.0.0.1:3030",
    "SendGrid__MaxRetries": "3",
    "SendGrid__RetryBaseDelay": "00:00:01",
    "SendGrid__MaxRetryDelay": "00:00:20",
    "SendGrid__RequestTimeout": "00:00:20",
    "SendGrid__SandboxMode": "false",
    "Notifications__SendLease": "00:04:00",
    "Notifications__DefaultRetryAfter": "00:00:30",
    "Notifications__MaxParallelOutboxWrites": "8",
    "AzureWebJobsDisableHomepage": "true",
    "RateLimits__ApprovalPermitsPerMinute": "10",
    "RateLimits__EvidenceUploadPermitsPerMinute": "30",
    "RateLimits__CredentialFailurePermitsPerMinute": "20",
    "Access__LocalStaffKey": "",
    "Access__StaffKeyHashes__0": "",
    "Access__TrustAppServicePrincipal": "false",
    "Access__StaffRole": "PartnerProgram.Staff"
  },
  "Host": {
    "LocalHttpPort": 7071
  }
}
JSON
mv "$tmp" "$target"
trap - EXIT
echo "Wrote $target"
