#!/usr/bin/env bash
# The whole test suite, as a new user and CI run it: installs what the interop tests need
# when it is missing (Debian packages; root or sudo), then runs every test with
# CHAMI_REQUIRE_INTEROP=1, so that a missing tool fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

# Programs that check chami's output (see ../shared/reference/INTEROP.md).
# busybox-static, not busybox: the network-boot test copies /bin/busybox into its
# initramfs, and the two packages replace each other.
APT_PACKAGES=(clustershell genders dnsmasq kea-dhcp4-server isc-dhcp-server powerman conman busybox-static
  openssh-client python3-venv cloud-init iproute2 nmap systemd curl file
  qemu-system-x86 ovmf ipxe-qemu squashfs-tools mmdebstrap age
  libvirt-clients libxml2-utils libvirt-daemon libvirt-daemon-driver-qemu
  libvirt-dev pkg-config python3-dev)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-all: installing ${missing[*]}" >&2
  as_root apt-get update -qq
  # Packages that ship a daemon must not start it here: policy-rc.d says no.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
    made_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  [ "$made_policy" = 1 ] && as_root rm -f /usr/sbin/policy-rc.d
fi

# The network-boot test boots Debian's kernel: its package is downloaded (not installed;
# the host's /boot is untouched) and extracted into .cache/e2e-kernel/root (git-ignored).
# Its diskless node boots a Debian image the test builds itself with `chami image build`
# (mmdebstrap, from the Debian archive) into .cache/e2e-image/: built once, then up to date.
KERNEL_DIR=.cache/e2e-kernel
if ! ls "$KERNEL_DIR"/root/boot/vmlinuz-* > /dev/null 2>&1; then
  kernel=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
  [ -n "$kernel" ] || { as_root apt-get update -qq; kernel=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}'); }
  echo "test-all: downloading $kernel-unsigned for the network-boot test" >&2
  rm -rf "$KERNEL_DIR" && mkdir -p "$KERNEL_DIR"
  (cd "$KERNEL_DIR" && apt-get download -q "$kernel-unsigned" && dpkg -x ./*.deb root && rm -f ./*.deb)
fi

# cargo-deb (crates.io) builds the Debian package in the package test (about 3 minutes to
# compile once; pinned, as the test packages the dev-profile binaries with --no-build).
if ! command -v cargo-deb > /dev/null; then
  echo "test-all: installing cargo-deb" >&2
  cargo install --locked --version 3.8.0 cargo-deb
fi

# ansible-core (for ansible-inventory; Debian's is older), sushy-tools (a Redfish
# emulator) and schemathesis (checks serve against docs/openapi.yaml) come from PyPI, in
# a venv in the repository (.venv/, git-ignored). libvirt-python lets sushy-tools' libvirt
# driver power the VMs of the VM tests; it has no wheel and compiles against libvirt-dev
# (about 20 s; the venv's Python may not be Debian's, so python3-libvirt would not do).
if [ ! -x .venv/bin/ansible-inventory ] || [ ! -x .venv/bin/sushy-emulator ] \
  || [ ! -x .venv/bin/schemathesis ] || ! .venv/bin/python -c 'import libvirt' 2> /dev/null; then
  echo "test-all: installing ansible-core, sushy-tools, schemathesis and libvirt-python in .venv/" >&2
  [ -x .venv/bin/pip ] || python3 -m venv .venv
  .venv/bin/pip install -q ansible-core sushy-tools schemathesis libvirt-python
fi
export PATH="$PWD/.venv/bin:$PATH"

export CHAMI_REQUIRE_INTEROP=1
cargo test --all-targets "$@"
