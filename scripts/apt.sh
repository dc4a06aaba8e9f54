#!/usr/bin/env bash
# Debian packages the project needs, installed when missing:
#   scripts/apt.sh /usr/bin/chromium=chromium /usr/bin/chromedriver=chromium-driver
# Each argument is <file that must exist>=<package providing it>. Installing needs
# root (CI runs as root); otherwise the missing packages are named and it fails.
source "$(dirname "$0")/lib.sh"
missing=()
for spec in "$@"; do
    [[ -e ${spec%%=*} ]] || missing+=("${spec#*=}")
done
[[ ${#missing[@]} == 0 ]] && exit 0
[[ $(id -u) == 0 ]] ||
    die "missing Debian packages ${missing[*]}: run as root: apt-get install --no-install-recommends ${missing[*]}"
say "installing ${missing[*]} (apt-get, log: .local/logs/apt.log)"
export DEBIAN_FRONTEND=noninteractive
apt_install() {
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}" \
        >>"$LOGS/apt.log" 2>&1
}
: >"$LOGS/apt.log"
# a fresh image has no package lists: update once, then retry
apt_install || { apt-get -o DPkg::Lock::Timeout=300 update >>"$LOGS/apt.log" 2>&1 && apt_install; } ||
    { tail -n 15 "$LOGS/apt.log" >&2; die "apt-get install ${missing[*]} failed (full log: .local/logs/apt.log)"; }
