# Shared by deploy/local/start.sh and stop.sh (sourced, not run).
# shellcheck shell=bash disable=SC2034

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES_FILE="$ROOT/deploy/services.txt"
LOG_DIR="$ROOT/tmp/logs"
PID_DIR="$ROOT/tmp/pids"

# SERVICE_NAMES / SERVICE_PORTS: the services of deploy/services.txt, in order.
SERVICE_NAMES=()
SERVICE_PORTS=()
read_services() {
  local name port rest
  while read -r name port rest || [[ -n "${name:-}" ]]; do
    [[ -z "${name:-}" || "$name" == \#* ]] && continue
    if [[ ! "$name" =~ ^[a-z][a-z0-9-]*$ || ! "${port:-}" =~ ^[0-9]+$ || -n "${rest:-}" ]]; then
      echo "deploy/services.txt: bad line '$name ${port:-} ${rest:-}' (want '<name> <port>')" >&2
      return 1
    fi
    SERVICE_NAMES+=("$name")
    SERVICE_PORTS+=("$port")
  done <"$SERVICES_FILE"
}

# Is the process in pid file $1 alive and still a node process of service $2?
pid_alive() {
  local pid_file=$1 service=$2 pid
  [[ -f "$pid_file" ]] || return 1
  pid=$(<"$pid_file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: the command line must be this service's main.js.
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "services/$service/dist/main.js"
}
