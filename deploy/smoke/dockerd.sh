# A private Docker engine for the smoke (sourced by deploy/smoke/run.sh, not run).
# shellcheck shell=bash
#
# Its own socket, exec root, pid file, data root and containerd namespace, so a Docker engine
# that runs on the machine already is never touched, and with no bridge at all: no default
# bridge network, no iptables rules, no masquerading. Every container uses the host network.
#
# Needs: SMOKE_CACHE (data root lives under it), SMOKE_RUN (exec root, socket, pid file),
# SMOKE_WORK (log), say and die. File descriptor 9 (run.sh's lock) is not passed on to dockerd,
# so an engine that outlives a killed run does not hold the lock.

DOCKERD_PID=""

# dockerd_start: starts the engine and exports DOCKER_HOST for docker and docker-compose.
dockerd_start() {
  local pidfile="$SMOKE_RUN/dockerd.pid" old
  mkdir -p "$SMOKE_RUN" "$SMOKE_CACHE/docker"
  # A dockerd of an earlier smoke run that was killed before its trap ran: ours, so stopped.
  if [[ -f "$pidfile" ]]; then
    old=$(<"$pidfile")
    if [[ "$old" =~ ^[0-9]+$ ]] && kill -0 "$old" 2>/dev/null &&
      tr '\0' ' ' <"/proc/$old/cmdline" | grep -q -- "--exec-root=$SMOKE_RUN "; then
      say "stopping the dockerd (pid $old) left running by an earlier smoke run"
      dockerd_stop_pid "$old"
    fi
    rm -f "$pidfile"
  fi
  echo '{}' >"$SMOKE_RUN/daemon.json"
  dockerd \
    --config-file="$SMOKE_RUN/daemon.json" \
    --data-root="$SMOKE_CACHE/docker" \
    --exec-root="$SMOKE_RUN" \
    --pidfile="$pidfile" \
    --host="unix://$SMOKE_RUN/docker.sock" \
    --containerd-namespace=bulwark-smoke \
    --containerd-plugins-namespace=bulwark-smoke-plugins \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
    >"$SMOKE_WORK/dockerd.log" 2>&1 9>&- &
  DOCKERD_PID=$!
  export DOCKER_HOST="unix://$SMOKE_RUN/docker.sock"
  local deadline=$((SECONDS + 60))
  until docker version >/dev/null 2>&1; do
    kill -0 "$DOCKERD_PID" 2>/dev/null || die "dockerd exited at start: see $SMOKE_WORK/dockerd.log"
    ((SECONDS < deadline)) || die "dockerd does not answer after 60s: see $SMOKE_WORK/dockerd.log"
    sleep 0.5
  done
  say "dockerd (pid $DOCKERD_PID) answers on $DOCKER_HOST, storage $(docker info --format '{{.Driver}}')"
}

# dockerd_stop_pid PID: TERM (dockerd stops its containers and its containerd), KILL after 60s.
dockerd_stop_pid() {
  local pid=$1 deadline=$((SECONDS + 60))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
}

# dockerd_stop: stops the engine this run started, if any (safe to call twice).
dockerd_stop() {
  [[ -n "$DOCKERD_PID" ]] || return 0
  dockerd_stop_pid "$DOCKERD_PID"
  wait "$DOCKERD_PID" 2>/dev/null || true
  DOCKERD_PID=""
  # What the engine leaves in its exec root: the host network namespace's bind mount (netns/default)
  # and runtime state. Unmounted deepest first; the folder goes only when nothing is mounted in it.
  local mounts
  mounts=$(awk -v root="$SMOKE_RUN/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r)
  [[ -z "$mounts" ]] || xargs -n1 umount <<<"$mounts" || true
  if ! awk -v root="$SMOKE_RUN/" 'index($2, root) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    rm -rf "$SMOKE_RUN"
  fi
}

# no_bridge: fails when the private engine has any bridge network.
no_bridge() {
  local bridges
  bridges=$(docker network ls --filter driver=bridge --format '{{.Name}}')
  [[ -z "$bridges" ]] || die "the smoke's dockerd has a bridge network ($bridges): it must never have one"
}
