#!/usr/bin/env bash
# Stops the services started by deploy/local/start.sh (every tmp/pids/<service>.pid):
# SIGTERM, then SIGKILL after STOP_TIMEOUT seconds (default 20).
set -euo pipefail

# shellcheck source=deploy/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
STOP_TIMEOUT="${STOP_TIMEOUT:-20}"

shopt -s nullglob
pid_files=("$PID_DIR"/*.pid)
if ((${#pid_files[@]} == 0)); then
  echo "[stop:local] nothing to stop (no pid files in tmp/pids)"
  exit 0
fi

stopping=()
for pid_file in "${pid_files[@]}"; do
  name=$(basename "$pid_file" .pid)
  if pid_alive "$pid_file" "$name"; then
    kill -TERM "$(<"$pid_file")" 2>/dev/null || true
    stopping+=("$pid_file")
    echo "[stop:local] stopping $name (pid $(<"$pid_file"))"
  else
    echo "[stop:local] $name was not running"
    rm -f "$pid_file"
  fi
done

deadline=$((SECONDS + STOP_TIMEOUT))
for pid_file in "${stopping[@]}"; do
  name=$(basename "$pid_file" .pid)
  while pid_alive "$pid_file" "$name"; do
    if ((SECONDS >= deadline)); then
      echo "[stop:local] $name did not stop within ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$(<"$pid_file")" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
done
echo "[stop:local] stopped"
