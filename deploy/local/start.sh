#!/usr/bin/env bash
# shellcheck disable=SC2016 # the node -e scripts are JavaScript in single quotes on purpose
# Starts every Bulwark service as a local process, without Docker (`npm run start:local`),
# against the PostgreSQL and NATS given by the environment. Stop with deploy/local/stop.sh.
#
# Environment (all optional):
#   DATABASE_URL_ROOT      PostgreSQL server without a database
#                          (default postgres://postgres@127.0.0.1:5432);
#                          each service uses <DATABASE_URL_ROOT>/bulwark_<service>
#   <SERVICE>_DATABASE_URL one service's full database URL, e.g. ROSTER_DATABASE_URL
#   NATS_URL               default nats://127.0.0.1:4222 (needs JetStream)
#   JWT_SECRET             default local-dev-secret (none when JWT_PUBLIC_KEY is set)
#   LOG_LEVEL, NATS_PREFIX, STREAM_REPLICAS, ...  passed through to the services
#   SKIP_BUILD=1           do not run `npm run build` first
#   SERVICES="roster ..."  start only these (default: all of deploy/services.txt)
#   HEALTH_TIMEOUT         seconds to wait for each /health (default 60)
#
# Services: deploy/services.txt. Logs: tmp/logs/<service>.log. Pids: tmp/pids/<service>.pid.
set -euo pipefail

# shellcheck source=deploy/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

DATABASE_URL_ROOT="${DATABASE_URL_ROOT:-postgres://postgres@127.0.0.1:5432}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
if [[ -z "${JWT_PUBLIC_KEY:-}" ]]; then
  export JWT_SECRET="${JWT_SECRET:-local-dev-secret}"
fi
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-60}"

bold='' red='' plain=''
if [[ -t 1 ]]; then bold=$'\033[1m' red=$'\033[1;31m' plain=$'\033[0m'; fi
say() { printf '%s[start:local]%s %s\n' "$bold" "$plain" "$*"; }
fail() {
  printf '%s[start:local] %s%s\n' "$red" "$*" "$plain" >&2
  exit 1
}

command -v node >/dev/null || fail "node is not installed (Node 20.19+ is needed)"
[[ -d node_modules ]] || fail "node_modules is missing: run 'npm ci' first"

read_services || exit 1
selected=("${SERVICE_NAMES[@]}")
if [[ -n "${SERVICES:-}" ]]; then
  read -r -a selected <<<"${SERVICES//,/ }"
fi

# The database URL of a service: <SERVICE>_DATABASE_URL, else DATABASE_URL_ROOT/bulwark_<service>
# (a ?query on DATABASE_URL_ROOT, e.g. ?sslmode=require, is kept).
database_url() {
  local name=$1 var
  var="$(tr 'a-z-' 'A-Z_' <<<"$name")_DATABASE_URL"
  if [[ -n "${!var:-}" ]]; then
    printf '%s' "${!var}"
    return
  fi
  local base="${DATABASE_URL_ROOT%%\?*}"
  local query="${DATABASE_URL_ROOT:${#base}}"
  printf '%s/bulwark_%s%s' "${base%/}" "${name//-/_}" "$query"
}

port_of() {
  local i
  for i in "${!SERVICE_NAMES[@]}"; do
    if [[ "${SERVICE_NAMES[$i]}" == "$1" ]]; then
      printf '%s' "${SERVICE_PORTS[$i]}"
      return
    fi
  done
  return 1
}

names=() ports=() urls=()
for name in "${selected[@]}"; do
  port=$(port_of "$name") || fail "unknown service '$name' (not in deploy/services.txt)"
  if [[ ! -f "services/$name/package.json" ]]; then
    say "skip $name: services/$name does not exist yet"
    continue
  fi
  names+=("$name") ports+=("$port") urls+=("$(database_url "$name")")
done
((${#names[@]} > 0)) || fail "no service to start"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  say "building (npm run build; SKIP_BUILD=1 skips this)"
  npm run -s build
fi
for name in "${names[@]}"; do
  for entry in main migrate; do
    [[ -f "services/$name/dist/$entry.js" ]] ||
      fail "services/$name/dist/$entry.js is missing: run 'npm run build' (or drop SKIP_BUILD=1)"
  done
done

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for i in "${!names[@]}"; do
  if ! pid_alive "$PID_DIR/${names[$i]}.pid" "${names[$i]}" && port_open "${ports[$i]}"; then
    fail "port ${ports[$i]} (for ${names[$i]}) is taken by another process"
  fi
done

say "checking NATS at $NATS_URL (JetStream)"
node -e '
const { connect } = require("@nats-io/transport-node");
const { jetstreamManager } = require("@nats-io/jetstream");
(async () => {
  const nc = await connect({ servers: process.argv[1], timeout: 5000 });
  try {
    await (await jetstreamManager(nc, { timeout: 5000 })).getAccountInfo();
  } finally {
    await nc.close();
  }
})().catch((e) => {
  console.error(`NATS with JetStream is not reachable at ${process.argv[1]}: ${e.message || e.code || e}`);
  process.exit(1);
});' "$NATS_URL" || fail "start nats-server with -js, or set NATS_URL"

say "creating missing databases"
node -e '
const { Client } = require("pg");
(async () => {
  for (const target of process.argv.slice(1)) {
    const url = new URL(target);
    const name = decodeURIComponent(url.pathname.slice(1));
    url.pathname = "/postgres";
    const where = `${url.hostname}:${url.port || 5432}`;
    const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (e) {
      throw new Error(`PostgreSQL is not reachable at ${where}: ${e.message || e.code || e}`);
    }
    try {
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "\"\"")}"`).catch((e) => {
          if (e.code !== "42P04") throw e; // created meanwhile by someone else
        });
        console.log(`  created ${name} on ${where}`);
      }
    } finally {
      await client.end();
    }
  }
})().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});' "${urls[@]}" || fail "set DATABASE_URL_ROOT (or <SERVICE>_DATABASE_URL) to a PostgreSQL server you may create databases on"

mkdir -p "$LOG_DIR" "$PID_DIR"

for i in "${!names[@]}"; do
  name=${names[$i]}
  say "migrating $name"
  if ! DATABASE_URL="${urls[$i]}" node "services/$name/dist/migrate.js" \
    >"$LOG_DIR/$name-migrate.log" 2>&1 </dev/null; then
    tail -n 40 "$LOG_DIR/$name-migrate.log" >&2
    fail "migration of $name failed (full log: tmp/logs/$name-migrate.log)"
  fi
done

for i in "${!names[@]}"; do
  name=${names[$i]} port=${ports[$i]}
  pid_file="$PID_DIR/$name.pid"
  if pid_alive "$pid_file" "$name"; then
    say "$name already runs (pid $(<"$pid_file"))"
    continue
  fi
  rm -f "$pid_file"
  port_open "$port" && fail "port $port (for $name) is taken by another process"
  printf '\n=== %s: start %s ===\n' "$(date -u +%FT%TZ)" "$name" >>"$LOG_DIR/$name.log"
  DATABASE_URL="${urls[$i]}" PORT="$port" \
    nohup node "services/$name/dist/main.js" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  say "started $name (pid $!, port $port)"
done

healthy() {
  node -e '
fetch(`http://127.0.0.1:${process.argv[1]}/health`, { signal: AbortSignal.timeout(3000) }).then(
  (r) => process.exit(r.status === 200 ? 0 : 1),
  () => process.exit(1),
);' "$1"
}

for i in "${!names[@]}"; do
  name=${names[$i]} port=${ports[$i]}
  deadline=$((SECONDS + HEALTH_TIMEOUT))
  until healthy "$port"; do
    if ! pid_alive "$PID_DIR/$name.pid" "$name"; then
      tail -n 40 "$LOG_DIR/$name.log" >&2
      rm -f "$PID_DIR/$name.pid"
      fail "$name exited (full log: tmp/logs/$name.log)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$LOG_DIR/$name.log" >&2
      fail "$name: no 200 from http://127.0.0.1:$port/health after ${HEALTH_TIMEOUT}s (still running; stop with bash deploy/local/stop.sh)"
    fi
    sleep 1
  done
done

say "all healthy:"
for i in "${!names[@]}"; do
  printf '  %-11s http://127.0.0.1:%s  (docs /docs, health /health)  log tmp/logs/%s.log\n' \
    "${names[$i]}" "${ports[$i]}" "${names[$i]}"
done
echo
if [[ -z "${JWT_PUBLIC_KEY:-}" && "$JWT_SECRET" == local-dev-secret ]]; then
  echo "JWT_SECRET=local-dev-secret (the local default). A token for every route and unit:"
  echo "  export TOKEN=\$(JWT_SECRET=local-dev-secret npm run -s token -- --sub ops --roles student-affairs --scopes '*')"
else
  echo "Tokens: sign with the key the services verify (JWT_SECRET, or JWT_PRIVATE_KEY for JWT_PUBLIC_KEY):"
  echo "  export TOKEN=\$(npm run -s token -- --sub ops --roles student-affairs --scopes '*')"
fi
echo "  curl -H \"Authorization: Bearer \$TOKEN\" http://127.0.0.1:${ports[0]}/<route>   (routes: http://127.0.0.1:${ports[0]}/docs)"
echo "Stop: bash deploy/local/stop.sh"
