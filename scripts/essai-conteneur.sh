#!/usr/bin/env bash
# Checks the container setup where Docker cannot run: publishes exactly as the Dockerfile does (same restore and
# publish commands, TARGETARCH of this machine), lays the image's /app out in a folder, starts `serve` with the
# Dockerfile's and compose.yaml's environment (the rules "mounted" from a copy, data and logs as folders), probes
# /health with the image's HEALTHCHECK command, checks that a key is required, and stops the service with SIGTERM.
# Usage: bash scripts/essai-conteneur.sh   (about 2 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d /tmp/cadrage-conteneur.XXXXXX)
arch=$(uname -m); case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
port=$((20000 + RANDOM % 20000))
echo "dossier d'essai : $root (architecture $arch, port $port)"

# The Dockerfile's build stage.
dotnet restore src/Cadrage.Rules.Worker/Cadrage.Rules.Worker.csproj -a "$arch" -p:PublishReadyToRun=true > "$root/restore.log"
dotnet publish src/Cadrage.Rules.Worker/Cadrage.Rules.Worker.csproj -c Release --no-restore -a "$arch" --self-contained false -p:PublishReadyToRun=true -o "$root/app" > "$root/publish.log"
# The final stage: rules and examples beside the app; the mounts of compose.yaml as folders.
cp -r rules "$root/app/rules"; cp -r examples "$root/app/examples"
cp -r rules "$root/regles"; mkdir -p "$root/app/data" "$root/app/logs"

# The image's and compose.yaml's environment (/regles → the copy).
export Cadrage__Regles="$root/regles" Cadrage__Api__Url="http://0.0.0.0:$port" Serilog__WriteTo__Fichier__Args__path="$root/app/logs/cadrage-.json"
cd "$root/app"

set +e
CADRAGE_SANS_CLE=$(dotnet cadrage.dll serve 2>&1); code=$?
set -e
[ "$code" = 4 ] && grep -q "Cadrage:Api:Cle est obligatoire" <<< "$CADRAGE_SANS_CLE" \
  && echo "ok : sans clé, l'API ouverte au-delà de la machine refuse de démarrer (code 4)" \
  || { echo "ÉCHEC : démarrage sans clé : code $code"; echo "$CADRAGE_SANS_CLE"; exit 1; }

export Cadrage__Api__Cle=cle-essai-conteneur-0123456789
dotnet cadrage.dll serve > "$root/serve.out" 2> "$root/serve.err" &
pid=$!
for _ in $(seq 1 60); do grep -q "à l'écoute" "$root/serve.out" 2>/dev/null && break; sleep 1; done
cat "$root/serve.out"
dotnet cadrage.dll sante --delai 8 && echo "ok : HEALTHCHECK (cadrage sante) répond 0"
cp "$OLDPWD/examples/ca-nevers.json" data/inbox/
for _ in $(seq 1 30); do ls data/outbox/*.json > /dev/null 2>&1 && break; sleep 1; done
ls data/outbox/*.json > /dev/null && echo "ok : la boîte d'entrée du volume data traite un profil"
[ -f data/cadrage.db ] && echo "ok : journal SQLite dans le volume data"
ls logs/cadrage-*.json > /dev/null && echo "ok : journal du service dans le volume logs"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/regles")
[ "$code" = 401 ] && echo "ok : /api sans clé → 401"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $Cadrage__Api__Cle" "http://127.0.0.1:$port/api/regles")
[ "$code" = 200 ] && echo "ok : /api avec la clé → 200"
kill -TERM "$pid"; wait "$pid"; echo "ok : arrêt sur SIGTERM, code $?"
rm -rf "$root"
