# .ci/lib.sh — helpers of .ci/run: install and start what the tests need,
# doing nothing when it is already there. Sourced, not run.

# as_root runs a command as root, through sudo when the script is not root.
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# installed tells whether a Debian package is installed.
installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

# ensure_go puts the Go toolchain on PATH; the official tarball lives in /usr/local/go.
ensure_go() {
	if ! command -v go >/dev/null; then
		export PATH="$PATH:/usr/local/go/bin"
	fi
	command -v go >/dev/null || { echo ".ci/run: no go on PATH or in /usr/local/go/bin" >&2; exit 1; }
}

# ensure_packages installs Chromium, CJK fonts (so Chinese pages render in
# screenshots), OpenSSL (the contract signatures are also verified with a tool
# that is not goumai) and PostgreSQL when missing, with one apt-get update.
ensure_packages() {
	local missing=()
	command -v chromium >/dev/null || missing+=(chromium)
	installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
	command -v openssl >/dev/null || missing+=(openssl)
	if ! command -v pg_ctlcluster >/dev/null || ! command -v psql >/dev/null; then
		missing+=(postgresql)
	fi
	[ ${#missing[@]} -eq 0 ] && return
	echo ".ci/run: installing ${missing[*]}"
	as_root apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ensure_postgres starts the newest local cluster if it is not answering, waits
# for it, and lets the postgres role connect over TCP from 127.0.0.1 without a
# password (the tests' DSN) if the cluster does not allow that yet.
ensure_postgres() {
	local version
	version="$(ls /etc/postgresql | sort -V | tail -n 1)"
	[ -n "$version" ] || { echo ".ci/run: no cluster in /etc/postgresql" >&2; exit 1; }
	if ! pg_isready -q -h 127.0.0.1; then
		echo ".ci/run: starting PostgreSQL $version"
		as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
	fi
	local i
	for i in $(seq 1 60); do
		pg_isready -q -h 127.0.0.1 && break
		[ "$i" -eq 60 ] && { echo ".ci/run: PostgreSQL did not answer on 127.0.0.1 within 30s" >&2; exit 1; }
		sleep 0.5
	done
	if ! psql -w -q -h 127.0.0.1 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
		local hba="/etc/postgresql/$version/main/pg_hba.conf"
		echo ".ci/run: letting postgres connect from 127.0.0.1 without a password ($hba)"
		as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
		as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
		psql -w -q -h 127.0.0.1 -U postgres -d postgres -c 'select 1' >/dev/null
	fi
}
