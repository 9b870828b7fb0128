#!/bin/bash
# Build the lab's keepalived container image into a docker-registry storage tree, OUT/registry,
# under the ha role's default name osixia/keepalived:2.0.20: one layer holding Debian's keepalived
# and ip (this machine's installed packages, with the libraries ldd names), static busybox for
# the shell tools, and keepalived-entrypoint.sh, which honours the osixia image's environment
# variables. A few megabytes: the directors extract it under software emulation. It is pushed
# through a registry on 127.0.0.1 (no Docker engine needed here); OUT/keepalived.stamp is written
# last, its first line STAMP. Usage: build-keepalived-image.sh OUT [STAMP]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: build-keepalived-image.sh OUT [STAMP]}
STAMP_TEXT=${2:-}
IMAGE_NAME=osixia/keepalived
IMAGE_TAG=2.0.20
BUSYBOX=/bin/busybox
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
for tool in keepalived ip docker-registry curl; do
  command -v "$tool" >/dev/null || { echo "keepalived-image: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
{ ldd "$BUSYBOX" 2>&1 || true; } | grep -q 'not a dynamic' || { echo "keepalived-image: $BUSYBOX is not static (need busybox-static)" >&2; exit 1; }
WORK=$OUT/keepalived.tmp
rm -rf "$WORK"
mkdir -p "$WORK"
registry_pid=
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

K=$WORK/root
mkdir -p "$K"/usr/{bin,sbin,lib,lib64} "$K"/{etc/keepalived,dev,proc,sys,run,tmp,container}
ln -s usr/bin "$K/bin"; ln -s usr/sbin "$K/sbin"; ln -s usr/lib "$K/lib"; ln -s usr/lib64 "$K/lib64"
chmod 1777 "$K/tmp"
KEEPALIVED=$(command -v keepalived)
IP=$(readlink -f "$(command -v ip)")
# the programs, then every library ldd names for them (the dynamic loader included)
{
  echo "$KEEPALIVED"; echo "$IP"
  ldd "$KEEPALIVED" "$IP" | awk '/=> \// {print $3} /^\t\/[^ ]*ld-linux/ {print $1}'
} | sed -E 's#^/(bin|sbin|lib|lib64)/#/usr/\1/#' | sort -u | while IFS= read -r f; do
  # merged /usr: each path under /usr (the image's /lib is a link to usr/lib, as here)
  for g in "$f" $([ -L "$f" ] && readlink -f "$f"); do
    mkdir -p "$K$(dirname "$g")"
    cp -a "$g" "$K$g"
  done
done
[ -e "$K/usr/sbin/ip" ] || ln -s ../bin/ip "$K/usr/sbin/ip"
cp "$BUSYBOX" "$K/usr/bin/busybox"
for a in sh awk tr grep printf echo cat sed mkdir; do [ -e "$K/usr/bin/$a" ] || ln -s busybox "$K/usr/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\nkeepalived_script:x:101:65534::/nonexistent:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$K/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$K/etc/group"
install -m 755 "$HERE/keepalived-entrypoint.sh" "$K/container/entrypoint.sh"
KVERSION=$(dpkg-query -W -f '${Version}' keepalived)

LAYER=$WORK/layer.tar
tar --numeric-owner --sort=name --mtime=@0 -C "$K" -cf "$LAYER" .
DIFF_ID=sha256:$(sha256sum "$LAYER" | cut -d' ' -f1)
gzip -n -6 "$LAYER"
LAYER=$LAYER.gz
cat > "$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":["/container/entrypoint.sh"],"Labels":{"keepalived":"Debian $KVERSION"}},"rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"lvsplay scripts/lab/systemd-vm/build-keepalived-image.sh: Debian keepalived $KVERSION"}]}
JSON
digest() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
size() { stat -c %s "$1"; }
cat > "$WORK/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":$(size "$WORK/config.json"),"digest":"$(digest "$WORK/config.json")"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":$(size "$LAYER"),"digest":"$(digest "$LAYER")"}]}
JSON

STORE=$OUT/registry.new
rm -rf "$STORE"
mkdir -p "$STORE"
PORT=$((20000 + RANDOM % 20000))
cat > "$WORK/registry.yml" <<YAML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $STORE } }
http: { addr: "127.0.0.1:$PORT" }
YAML
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
registry_pid=$!
URL=http://127.0.0.1:$PORT/v2
for _ in $(seq 100); do curl -sf "$URL/" >/dev/null && break; sleep 0.1; done
push_blob() { # file
  local loc
  loc=$(curl -sf -X POST -D - -o /dev/null "$URL/$IMAGE_NAME/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
  case $loc in http*) ;; *) loc=http://127.0.0.1:$PORT$loc ;; esac
  case $loc in *\?*) loc="$loc&" ;; *) loc="$loc?" ;; esac
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$1" "${loc}digest=$(digest "$1")" >/dev/null
}
push_blob "$LAYER"
push_blob "$WORK/config.json"
curl -sf -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' --data-binary @"$WORK/manifest.json" \
  "$URL/$IMAGE_NAME/manifests/$IMAGE_TAG" >/dev/null
# read back: the tag resolves to our manifest
curl -sf -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "$URL/$IMAGE_NAME/manifests/$IMAGE_TAG" | grep -q "$(digest "$LAYER")"
kill "$registry_pid"
wait "$registry_pid" 2>/dev/null || true
registry_pid=

rm -rf "$OUT/registry"
mv "$STORE" "$OUT/registry"
printf '%s\nimage %s:%s %s, layer %s bytes (gzip), keepalived %s\n' "$STAMP_TEXT" "$IMAGE_NAME" "$IMAGE_TAG" "$(digest "$WORK/manifest.json")" "$(size "$LAYER")" "$KVERSION" > "$OUT/keepalived.stamp"
echo "keepalived-image: $IMAGE_NAME:$IMAGE_TAG, layer $(du -h "$LAYER" | cut -f1)" >&2
