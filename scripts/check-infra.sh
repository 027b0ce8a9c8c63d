#!/usr/bin/env bash
# Compiles and lints the Bicep offline with the Bicep CLI from NuGet; fails on any error or warning.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet restore tools/bicep/Bicep.csproj --verbosity quiet >/dev/null
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
bicep="$packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
chmod +x "$bicep"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Bicep prints diagnostics on stderr; any line there (warning or error) fails the check.
"$bicep" build infra/main.bicep --outfile "$out/main.json" 2>"$out/build.log" || { cat "$out/build.log"; exit 1; }
"$bicep" lint infra/main.bicep 2>"$out/lint.log" || { cat "$out/lint.log"; exit 1; }
if [ -s "$out/build.log" ] || [ -s "$out/lint.log" ]; then
  cat "$out/build.log" "$out/lint.log"
  echo "Bicep reported diagnostics." >&2
  exit 1
fi
echo "Bicep: infra/main.bicep compiles and lints clean ($(wc -c <"$out/main.json") bytes of ARM JSON)."
