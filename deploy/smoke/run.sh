#!/usr/bin/env bash
# Deployment smoke test (`npm run smoke:deploy`, a step of .ci/run): builds every service image
# from deploy/Dockerfile, brings the whole of docker-compose.yml up on a private Docker engine
# (host network only, ports moved by SMOKE_PORT_OFFSET), waits for every health check, drives
# one enrolment and one check-in through to the audit log (through the load balancer, with
# one replica of roster killed first), then takes everything down again.
# See deploy/README.md, "Smoke test". Needs root, dockerd (docker.io), docker-compose,
# debootstrap, and the repo's node_modules.
#
# Environment (all optional):
#   SMOKE_CACHE        default /var/cache/bulwark-smoke: Debian tarball, the engine's images and
#                      build cache; delete it to start cold
#   SMOKE_PORT_OFFSET  default 10000: PostgreSQL on 15432, NATS 14222, the load balancer's
#                      frontends 13001..., replicas 13101... and 13201...
#   SMOKE_HEALTH_TIMEOUT  seconds to wait for every health check (default 240)
#   SMOKE_CACHE_MAX_MB    untagged images (old builds) are pruned above it (default 12000)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SMOKE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SMOKE_DIR/../.." && pwd)"
SMOKE_CACHE="${SMOKE_CACHE:-/var/cache/bulwark-smoke}"
SMOKE_RUN=/run/bulwark-smoke
SMOKE_WORK="$ROOT/tmp/smoke"
SMOKE_PORT_OFFSET="${SMOKE_PORT_OFFSET:-10000}"
SMOKE_HEALTH_TIMEOUT="${SMOKE_HEALTH_TIMEOUT:-240}"
SMOKE_CACHE_MAX_MB="${SMOKE_CACHE_MAX_MB:-12000}"
PROJECT=bulwark-smoke
GENERATED="$SMOKE_WORK/compose"
STUDENT=SMK0001
CLASS=smk-law-2026-1
cd "$ROOT"

started=$SECONDS
phase_started=$SECONDS
say() { printf '[smoke] %s\n' "$*"; }
die() {
  printf '[smoke] FAILED: %s\n' "$*" >&2
  exit 1
}
phase() {
  say "$1 (done in $((SECONDS - phase_started))s, $((SECONDS - started))s in all)"
  phase_started=$SECONDS
}

((EUID == 0)) || die "needs root: it starts its own dockerd"
for tool in dockerd docker-compose debootstrap node npm flock; do
  command -v "$tool" >/dev/null ||
    die "$tool is missing: apt-get install docker.io docker-compose debootstrap (.ci/run does)"
done
[[ -x node_modules/.bin/tsx ]] || die "node_modules is missing: run 'npm ci' first"
# The engine's own client (Debian's docker.io), whatever other docker is first on PATH.
DOCKER_BIN="$(dirname "$(command -v dockerd)")/docker"
[[ -x "$DOCKER_BIN" ]] || DOCKER_BIN=$(command -v docker) || die "no docker client"
docker() { "$DOCKER_BIN" "$@"; }
export DOCKER_CONFIG="$SMOKE_WORK/docker-config"

# shellcheck source=dockerd.sh
source "$SMOKE_DIR/dockerd.sh"
# shellcheck source=base-images.sh
source "$SMOKE_DIR/base-images.sh"

mkdir -p "$SMOKE_CACHE" "$SMOKE_WORK" "$DOCKER_CONFIG"
# One smoke at a time per machine: they share the cache and the engine's paths.
exec 9>"$SMOKE_CACHE/lock"
flock -w 1800 9 || die "another smoke run holds $SMOKE_CACHE/lock"
rm -rf "$GENERATED"

compose() {
  docker-compose --ansi never -p "$PROJECT" -f "$GENERATED/compose.yml" --project-directory "$ROOT" "$@"
}
compose_up=0
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$DOCKERD_PID" ]]; then
    if ((compose_up)); then
      compose logs --no-color --timestamps >"$SMOKE_WORK/compose.log" 2>&1
      if ((rc != 0)); then
        compose ps >&2
        say "last lines of every service (all of them in $SMOKE_WORK/compose.log):" >&2
        compose logs --no-color --tail=25 >&2
      fi
      compose down -v --remove-orphans --timeout 20 >"$SMOKE_WORK/down.log" 2>&1 ||
        say "docker-compose down failed: see $SMOKE_WORK/down.log" >&2
    fi
    local containers volumes
    containers=$(docker ps -aq)
    volumes=$(docker volume ls -q)
    if [[ -n "$containers$volumes" ]]; then
      say "left behind: containers [${containers//$'\n'/ }] volumes [${volumes//$'\n'/ }]: removing" >&2
      [[ -z "$containers" ]] || xargs "$DOCKER_BIN" rm -f -v <<<"$containers" >/dev/null
      [[ -z "$volumes" ]] || xargs "$DOCKER_BIN" volume rm -f <<<"$volumes" >/dev/null
      ((rc != 0)) || rc=1
    fi
    if ! (no_bridge); then ((rc != 0)) || rc=1; fi
    # The legacy builder's cache is untagged images (the Dockerfile's earlier stages): kept
    # for the next run, and dropped only when the engine's data root outgrows its bound.
    local used_mb
    used_mb=$(du -sm "$SMOKE_CACHE/docker" | cut -f1)
    if ((used_mb > SMOKE_CACHE_MAX_MB)); then
      say "the engine's data root holds ${used_mb} MB (> ${SMOKE_CACHE_MAX_MB}): pruning untagged images"
      docker image prune -f >/dev/null
    fi
    dockerd_stop
    say "stopped the smoke's dockerd"
  fi
  if ((rc == 0)); then
    say "passed in $((SECONDS - started))s"
  else
    say "FAILED (exit $rc) after $((SECONDS - started))s; logs in $SMOKE_WORK" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------
say "typecheck of deploy/smoke, compose file for the host network"
node_modules/.bin/tsc -p deploy/smoke
node_modules/.bin/tsx deploy/smoke/host-network.ts docker-compose.yml "$GENERATED" "$SMOKE_PORT_OFFSET"
if [[ ! -f libs/auth/dist/cli/mint-token.js ]]; then npm run -s build; fi
phase "compose file written to $GENERATED/compose.yml"

dockerd_start
no_bridge
# What a killed earlier run left (its containers restart with the engine), then the ports.
compose down -v --remove-orphans --timeout 10 >/dev/null 2>&1 || true
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
while IFS=$'\t' read -r service port _; do
  ! port_open "$port" || die "port $port (for $service) is taken on this machine: set SMOKE_PORT_OFFSET"
done <"$GENERATED/ports.tsv"
phase "private dockerd up, ports free"

debian_image
node_image
while read -r image; do stand_in_image "$image"; done <"$GENERATED/images.txt"
phase "base images ready (debootstrap bookworm, node, stand-ins for $(paste -sd' ' "$GENERATED/images.txt"))"

while IFS=$'\t' read -r tag context dockerfile args; do
  build_args=()
  for arg in $args; do build_args+=(--build-arg "$arg"); done
  log="$SMOKE_WORK/build-${tag//[:\/]/_}.log"
  say "docker build -f ${dockerfile#"$ROOT"/} ${args} -t $tag"
  DOCKER_BUILDKIT=0 docker build --network host --force-rm -f "$dockerfile" "${build_args[@]}" \
    -t "$tag" "$context" >"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    die "docker build of $tag failed: see $log"
  }
done <"$GENERATED/builds.tsv"
# Every image the compose file names is here now: nothing may be pulled from a registry.
for image in $(compose config | sed -n 's/^ *image: *//p' | sort -u); do
  docker image inspect "$image" >/dev/null 2>&1 || die "image $image is missing: it would be pulled"
done
phase "service images built from deploy/Dockerfile"

JWT_SECRET=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
POSTGRES_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
export JWT_SECRET POSTGRES_PASSWORD JWT_PUBLIC_KEY='' JWT_ISSUER='' JWT_AUDIENCE=''
compose_up=1
compose up -d --no-build >"$SMOKE_WORK/up.log" 2>&1 || {
  cat "$SMOKE_WORK/up.log" >&2
  die "docker-compose up failed"
}
no_bridge
phase "docker-compose up (migrations ran)"

# Every service healthy, every one-shot job exited 0.
mapfile -t services < <(compose config --services)
deadline=$((SECONDS + SMOKE_HEALTH_TIMEOUT))
while :; do
  waiting=()
  for service in "${services[@]}"; do
    id=$(compose ps -q "$service")
    [[ -n "$id" ]] || die "service $service has no container"
    read -r state code restarts health <<<"$(docker inspect --format \
      '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
    ((restarts == 0)) || die "$service restarted $restarts times"
    if [[ "$state" == exited ]]; then
      [[ "$code" == 0 && "$health" == none ]] || die "$service exited with code $code"
      continue
    fi
    [[ "$health" != healthy ]] || continue
    [[ "$health" != unhealthy ]] || die "$service is unhealthy"
    [[ "$health" != none || "$state" != running ]] || die "$service runs without a health check"
    waiting+=("$service:$state/$health")
  done
  ((${#waiting[@]} == 0)) && break
  ((SECONDS < deadline)) || die "not healthy after ${SMOKE_HEALTH_TIMEOUT}s: ${waiting[*]}"
  sleep 2
done
phase "every service healthy, every one-shot job exited 0: ${services[*]}"

mint() { JWT_SECRET="$JWT_SECRET" node libs/auth/dist/cli/mint-token.js "$@"; }
SMOKE_OFFICE_TOKEN=$(mint --sub smoke-office --name "Smoke office" --roles student-affairs --scopes '*')
SMOKE_STUDENT_TOKEN=$(mint --sub "$STUDENT" --name "Smoke student" --roles student --scopes "$CLASS")
SMOKE_AUDITOR_TOKEN=$(mint --sub smoke-auditor --name "Smoke auditor" --roles auditor --scopes '*')
export SMOKE_OFFICE_TOKEN SMOKE_STUDENT_TOKEN SMOKE_AUDITOR_TOKEN

# Health-based routing: with one roster replica killed, every request through the LB is
# answered (a refused connection is retried on the other replica until checks mark it down).
roster_lb=$(awk -F'\t' '$3 == "lb" && $4 == "roster" { print $2 }' "$GENERATED/ports.tsv")
[[ -n "$roster_lb" ]] || die "no load balancer frontend for roster in $GENERATED/ports.tsv"
docker kill "$(compose ps -q roster-1)" >/dev/null
for attempt in 1 2 3 4 5 6 7 8; do
  status=$(node -e "fetch('http://127.0.0.1:$roster_lb/health').then((r) => console.log(r.status), (e) => console.log(String(e)))")
  [[ "$status" == 200 ]] || die "with roster-1 killed, request $attempt through the LB: $status"
done
phase "roster-1 killed: 8 of 8 requests through the LB answered by roster-2"

node_modules/.bin/tsx deploy/smoke/flow.ts "$GENERATED/ports.tsv" "$STUDENT" "$CLASS"
no_bridge
phase "enrolment and check-in (through the LB, one roster replica down) reached the audit log"

compose logs --no-color --timestamps >"$SMOKE_WORK/compose.log" 2>&1
compose down -v --remove-orphans --timeout 20 >"$SMOKE_WORK/down.log" 2>&1
compose_up=0
phase "docker-compose down -v"
