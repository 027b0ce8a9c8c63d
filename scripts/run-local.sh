#!/usr/bin/env bash
# Runs the whole system on this machine: Azurite (data in .local/azurite), the local host (the Functions app's API on
# http://localhost:7071/api and its workflows on the Durable Task engine), the default program definition and, unless
# --no-demo, the demo data set (1,500 generated French partners). Ctrl-C stops everything it started; running it again
# resumes on the same data.
#
#   scripts/run-local.sh [--no-demo] [--partners N] [--port PORT] [--memory]
#
# Needs the .NET SDK and Node.js (npm). Prints the URLs and the local staff key (kept in .local/staff-key).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DEMO=1
PARTNERS=1500
PORT=7071
STORE=Azure
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-demo) DEMO=0 ;;
    --partners) PARTNERS="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --memory) STORE=Memory ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

STATE="$ROOT/.local"
LOGS="$STATE/logs"
mkdir -p "$STATE/azurite" "$LOGS"

AZURITE_PID=""
HOST_PID=""

stop_process() {
  local pid="$1" name="$2" seconds="$3"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 5))); do
    kill -0 "$pid" 2>/dev/null || { echo "Stopped $name."; return 0; }
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  echo "Stopped $name (forced after $seconds s)."
}

cleanup() {
  trap - EXIT INT TERM
  echo
  # The host first (it finishes its work items and releases its partitions), then the storage it uses.
  stop_process "$HOST_PID" "the local host" 30
  stop_process "$AZURITE_PID" "Azurite" 10
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for_port() {
  local port="$1" pid="$2" name="$3"
  for _ in $(seq 1 300); do
    port_in_use "$port" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; see $LOGS." >&2; return 1; }
    sleep 0.2
  done
  echo "$name did not open port $port within 60 s; see $LOGS." >&2
  return 1
}

# 1. The npm dependency (Azurite, pinned in package.json / package-lock.json), on Node.js 20 or later.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js 20 or later with npm is needed (README, Prerequisites): not found on PATH." >&2
  exit 1
fi
if (( $(node -p 'process.versions.node.split(".")[0]') < 20 )); then
  echo "Node.js 20 or later is needed (README, Prerequisites); found $(node --version)." >&2
  exit 1
fi
if [[ ! -f node_modules/azurite/dist/src/azurite.js ]]; then
  echo "Installing npm dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi

# 2. Azurite on its default ports when they are free, else on free ones; data kept in .local/azurite.
if port_in_use "$PORT"; then
  echo "Port $PORT is in use: stop what runs there or pass --port." >&2
  exit 1
fi
BLOB_PORT=10000; QUEUE_PORT=10001; TABLE_PORT=10002
if port_in_use $BLOB_PORT || port_in_use $QUEUE_PORT || port_in_use $TABLE_PORT; then
  BLOB_PORT=$(free_port); QUEUE_PORT=$(free_port); TABLE_PORT=$(free_port)
fi
echo "Starting Azurite (blob $BLOB_PORT, queue $QUEUE_PORT, table $TABLE_PORT, data in .local/azurite)..."
# In a session of its own: Ctrl-C must not stop the storage before the host has stopped (the trap stops both, in order).
setsid node node_modules/azurite/dist/src/azurite.js \
  --location "$STATE/azurite" --silent --skipApiVersionCheck --loose --disableProductStyleUrl \
  --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" \
  --queueHost 127.0.0.1 --queuePort "$QUEUE_PORT" \
  --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" >"$LOGS/azurite.log" 2>&1 &
AZURITE_PID=$!
for p in $BLOB_PORT $QUEUE_PORT $TABLE_PORT; do wait_for_port "$p" "$AZURITE_PID" "Azurite"; done

# 3. The local staff key: generated once, kept in the git-ignored .local folder.
if [[ ! -s "$STATE/staff-key" ]]; then
  node -e "console.log(require('crypto').randomBytes(32).toString('hex'))" >"$STATE/staff-key"
  chmod 600 "$STATE/staff-key"
fi
STAFF_KEY="$(cat "$STATE/staff-key")"

# 4. Build and start the local host, configured for this Azurite, with mail captured locally.
echo "Building the local host..."
dotnet build src/PartnerFunctions.LocalHost -c Release -nologo -v quiet >"$LOGS/build.log" 2>&1 || {
  cat "$LOGS/build.log" >&2; echo "Build failed (log: $LOGS/build.log)." >&2; exit 1; }
BASE_URL="http://localhost:$PORT"
ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"
export TaskHubName="PartnerFunctionsLocal"
export LocalHost__Store="$STORE"
export LocalHost__WorkerId="run-local"
export LocalHost__CaptureMail="true"
export LocalHost__PublicUrl="http://127.0.0.1:$PORT"
export Workflows__PublicBaseUrl="$BASE_URL"
export Access__LocalStaffKey="$STAFF_KEY"
echo "Starting the local host on $BASE_URL (log: .local/logs/host.log)..."
dotnet src/PartnerFunctions.LocalHost/bin/Release/net10.0/PartnerFunctions.LocalHost.dll --urls "http://localhost:$PORT" >"$LOGS/host.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 1 240); do
  if curl -fsS "$BASE_URL/_local/health" >/dev/null 2>&1; then break; fi
  kill -0 "$HOST_PID" 2>/dev/null || { tail -n 40 "$LOGS/host.log" >&2; echo "The local host exited (log: $LOGS/host.log)." >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$BASE_URL/_local/health" >/dev/null || { echo "The local host did not get ready within 2 minutes (log: $LOGS/host.log)." >&2; exit 1; }

# 5. The default program definition, stored and activated through the API (both idempotent).
api() {
  curl -sS -o "$LOGS/last-response.json" -w '%{http_code}' -H "Authorization: Bearer $STAFF_KEY" "$@"
}
DEFINITION=src/PartnerFunctions.Domain/Program/default-program-definition.json
read -r DEF_ID DEF_VERSION < <(node -e "const d=require('./$DEFINITION');console.log(d.id, d.version)")
status=$(api -X POST -H 'Content-Type: application/json' --data-binary "@$DEFINITION" "$BASE_URL/api/staff/definitions")
[[ "$status" == 200 || "$status" == 201 ]] || { echo "Storing the definition failed ($status): $(cat "$LOGS/last-response.json")" >&2; exit 1; }
status=$(api -X POST "$BASE_URL/api/staff/definitions/$DEF_ID/versions/$DEF_VERSION/activate")
[[ "$status" == 200 ]] || { echo "Activating the definition failed ($status): $(cat "$LOGS/last-response.json")" >&2; exit 1; }
echo "Program definition $DEF_ID v$DEF_VERSION is active."

# 6. The demo data set (partners already there are kept as they are).
if [[ "$DEMO" == 1 ]]; then
  echo "Loading $PARTNERS demo partners (first run: about a minute)..."
  status=$(curl -sS -o "$LOGS/last-response.json" -w '%{http_code}' -X POST "$BASE_URL/_local/demo-data?partners=$PARTNERS")
  [[ "$status" == 200 ]] || { echo "Loading the demo data failed ($status): $(cat "$LOGS/last-response.json")" >&2; exit 1; }
  echo "Demo data: $(cat "$LOGS/last-response.json")"
  # The demo partners are fr-000001, fr-000002, ... with contact@{id}.example.fr as their contact address.
  DEMO_PARTNER_TEXT="fr-000001, contact contact@fr-000001.example.fr: ask for a sign-in link on $BASE_URL/sign-in, open it from $BASE_URL/_local/mail"
else
  DEMO_PARTNER_TEXT="none (--no-demo): register one with PUT $BASE_URL/api/partners/{id}"
fi

cat <<EOF

PartnerFunctions runs locally.
  Console        $BASE_URL/   (staff: "Sign in as staff" with the staff key below)
  Demo partner   $DEMO_PARTNER_TEXT
  API            $BASE_URL/api/
  OpenAPI        $BASE_URL/api/openapi.json
  Captured mail  $BASE_URL/_local/mail
  Health         $BASE_URL/_local/health
  Staff key      $STAFF_KEY
                 (export STAFF_KEY=$STAFF_KEY; send it as "Authorization: Bearer \$STAFF_KEY")
  Logs           .local/logs/
Press Ctrl-C to stop.
EOF

wait "$HOST_PID"
