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

# ensure_nats installs Debian's nats-server when missing and starts it with
# JetStream on 127.0.0.1:4222 unless something answers there already (the
# federation tests also start their own nats-server processes from the same
# binary, to kill and restart them mid-load).
ensure_nats() {
	if ! command -v nats-server >/dev/null && [ ! -x /usr/sbin/nats-server ]; then
		echo ".ci/run: installing nats-server"
		as_root apt-get update -q
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nats-server
	fi
	if nats_answers; then
		return
	fi
	local bin dir
	bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
	dir="${TMPDIR:-/tmp}/goumai-ci-nats"
	mkdir -p "$dir"
	echo ".ci/run: starting nats-server with JetStream on 127.0.0.1:4222 (store $dir)"
	nohup "$bin" -js -a 127.0.0.1 -p 4222 -sd "$dir" >"$dir/nats-server.log" 2>&1 &
	local i
	for i in $(seq 1 60); do
		nats_answers && return
		sleep 0.5
	done
	echo ".ci/run: nats-server did not answer on 127.0.0.1:4222 within 30s (see $dir/nats-server.log)" >&2
	exit 1
}

# nats_answers tells whether a NATS server answers on 127.0.0.1:4222 (its
# INFO line, which also says whether JetStream is on).
nats_answers() {
	local info
	info="$(timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/4222 && head -n 1 <&3' 2>/dev/null)" || true
	case "$info" in
	INFO*'"jetstream":true'*) return 0 ;;
	INFO*) echo ".ci/run: the NATS server on 127.0.0.1:4222 runs without JetStream" >&2; exit 1 ;;
	esac
	return 1
}
