# Base images for the smoke, made without any registry (sourced by deploy/smoke/run.sh).
# shellcheck shell=bash
#
# bulwark-smoke/debian:bookworm  debootstrap --variant=minbase bookworm from Debian's mirror,
#                                imported; the tarball is kept in SMOKE_CACHE
# node:20-bookworm-slim          that base with the host's Node and npm (what deploy/Dockerfile
#                                starts from)
# stand-ins for the compose file's other images (postgres:15, nats:2.9-alpine, haproxy:2.6), from Debian's
# packages: deploy/smoke/images/<name>/
#
# The engine's data root is in SMOKE_CACHE too, so later runs find these images and the build
# cache; `docker build` reuses its cache when nothing changed. Needs SMOKE_CACHE, SMOKE_WORK,
# SMOKE_DIR, say, die.

DEBIAN_IMAGE=bulwark-smoke/debian:bookworm

debian_image() {
  if docker image inspect "$DEBIAN_IMAGE" >/dev/null 2>&1; then return; fi
  local tarball="$SMOKE_CACHE/debian-bookworm-minbase.tar"
  if [[ ! -s "$tarball" ]]; then
    local rootfs="$SMOKE_CACHE/rootfs.tmp"
    rm -rf "$rootfs"
    say "debootstrap --variant=minbase bookworm (about a minute; kept in $tarball)"
    debootstrap --variant=minbase bookworm "$rootfs" >"$SMOKE_WORK/debootstrap.log" 2>&1 ||
      die "debootstrap failed: see $SMOKE_WORK/debootstrap.log"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
  say "docker import $tarball as $DEBIAN_IMAGE"
  docker import --change 'CMD ["bash"]' "$tarball" "$DEBIAN_IMAGE" >/dev/null
}

# The host's Node, npm and CA bundle into the stand-in node image's build context.
node_image() {
  local context="$SMOKE_WORK/node-image" node_bin npm_dir ca=/etc/ssl/certs/ca-certificates.crt
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir="$(npm root -g)/npm"
  [[ -f "$npm_dir/bin/npm-cli.js" ]] || die "npm is not at $npm_dir"
  [[ -f "$ca" ]] || die "no CA bundle at $ca"
  rm -rf "$context"
  mkdir -p "$context"
  cp "$SMOKE_DIR/images/node/Dockerfile" "$context/"
  cp "$node_bin" "$context/node"
  cp -R "$npm_dir" "$context/npm"
  cp "$ca" "$context/ca-certificates.crt"
  build_quietly node:20-bookworm-slim "$context"
  rm -rf "$context"
}

# build_quietly TAG CONTEXT: docker build on the host network, the output in SMOKE_WORK.
build_quietly() {
  local tag=$1 context=$2 log
  log="$SMOKE_WORK/build-${tag//[:\/]/_}.log"
  DOCKER_BUILDKIT=0 docker build --network host -t "$tag" "$context" >"$log" 2>&1 ||
    die "building $tag failed: see $log"
}

# stand_in_image IMAGE: the image of a compose service that is not built from the repo.
stand_in_image() {
  case "$1" in
    postgres:15) build_quietly "$1" "$SMOKE_DIR/images/postgres" ;;
    nats:2.9-alpine) build_quietly "$1" "$SMOKE_DIR/images/nats" ;;
    haproxy:2.6) build_quietly "$1" "$SMOKE_DIR/images/haproxy" ;;
    *) die "docker-compose.yml uses image $1, which the smoke has no stand-in for (it pulls from no registry): add one in deploy/smoke/images/ and deploy/smoke/base-images.sh" ;;
  esac
}
