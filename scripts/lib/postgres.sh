# shellcheck shell=bash
# Throwaway PostgreSQL clusters for tests and benchmarks. Source this file, then:
#
#   trap concord_pg_stop EXIT    # first, so that a half-started cluster is cleaned up too
#   concord_pg_start             # initdb + start; exports CONCORD_TEST_POSTGRES_URL
#   ...                          # psql "$CONCORD_TEST_POSTGRES_URL" -c 'CREATE DATABASE x'
#   concord_pg_stop              # stop the server and remove the directory (idempotent)
#
# The cluster lives in a fresh temporary directory (data, unix socket and server log inside
# it), listens on 127.0.0.1 on a free port, trusts every local connection and runs with
# fsync off. initdb refuses to run as root, so as root the server runs as the Debian
# package's `postgres` user (or a system user `concordtest`, created if neither exists).
#
# Set after concord_pg_start:
#   CONCORD_TEST_POSTGRES_URL  postgres://<user>@127.0.0.1:<port>/postgres (a superuser)
#   CONCORD_PG_BINDIR CONCORD_PG_DIR CONCORD_PG_PORT CONCORD_PG_USER CONCORD_PG_SOCKET_DIR
# CONCORD_PG_BINDIR may be set beforehand to choose the server binaries.

# Prints the directory holding the PostgreSQL *server* binaries (initdb, pg_ctl, postgres),
# newest major version first; fails if there is none. Only the Debian layout
# /usr/lib/postgresql/<major>/bin is trusted by default: names on PATH such as
# /usr/local/bin/initdb may be wrappers or dangling links, so they are resolved to the real
# file and used only if that file sits beside a real pg_ctl and postgres.
concord_pg_find_bindir() {
  local dir candidate real
  if [[ -n "${CONCORD_PG_BINDIR:-}" ]]; then
    if _concord_pg_is_bindir "$CONCORD_PG_BINDIR"; then
      printf '%s\n' "$CONCORD_PG_BINDIR"
      return 0
    fi
    echo "postgres.sh: CONCORD_PG_BINDIR=$CONCORD_PG_BINDIR has no initdb, pg_ctl and postgres" >&2
    return 1
  fi
  while IFS= read -r dir; do
    if _concord_pg_is_bindir "$dir"; then
      printf '%s\n' "$dir"
      return 0
    fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -rV)
  for candidate in initdb pg_ctl postgres; do
    real="$(command -v "$candidate" 2>/dev/null)" || continue
    real="$(readlink -f "$real")" || continue
    dir="$(dirname "$real")"
    if _concord_pg_is_bindir "$dir"; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

# True if $1 holds executable initdb, pg_ctl and postgres that are real programs (ELF), not
# shell wrappers or dangling links.
_concord_pg_is_bindir() {
  local name file
  for name in initdb pg_ctl postgres; do
    file="$1/$name"
    [[ -f "$file" && -x "$file" ]] || return 1
    [[ "$(head -c 4 "$file" 2>/dev/null | od -An -c | tr -d ' ')" == '177ELF' ]] || return 1
  done
}

# Prints a free TCP port on 127.0.0.1.
_concord_pg_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  # No python3: probe random high ports until one refuses connections.
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  echo "postgres.sh: found no free port" >&2
  return 1
}

# Runs a command as the cluster's owner.
_concord_pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u "$CONCORD_PG_USER" -- "$@"
  else
    "$@"
  fi
}

# Chooses the unprivileged user who owns the cluster (creating `concordtest` if needed).
_concord_pg_choose_user() {
  if [[ "$(id -u)" != 0 ]]; then
    id -un
  elif id -u postgres >/dev/null 2>&1; then
    echo postgres
  else
    if ! id -u concordtest >/dev/null 2>&1; then
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin concordtest >&2 ||
        return 1
    fi
    echo concordtest
  fi
}

concord_pg_start() {
  if [[ -n "${CONCORD_PG_DIR:-}" ]]; then
    echo "postgres.sh: a cluster is already running in $CONCORD_PG_DIR" >&2
    return 1
  fi
  CONCORD_PG_BINDIR="$(concord_pg_find_bindir)" || {
    echo "postgres.sh: no PostgreSQL server found (looked in /usr/lib/postgresql/*/bin and PATH);" \
      "install it with: apt-get install -y --no-install-recommends postgresql" >&2
    return 1
  }
  CONCORD_PG_USER="$(_concord_pg_choose_user)" || {
    echo "postgres.sh: could not find or create an unprivileged user to run PostgreSQL" >&2
    return 1
  }

  # The owner must be able to reach the directory: fall back to /tmp if $TMPDIR is private.
  local base="${TMPDIR:-/tmp}"
  CONCORD_PG_DIR="$(mktemp -d "$base/concord-pg.XXXXXXXX")" || return 1
  if [[ "$(id -u)" == 0 ]]; then
    chown "$CONCORD_PG_USER:" "$CONCORD_PG_DIR"
    chmod 0700 "$CONCORD_PG_DIR"
    if ! _concord_pg_as_owner test -w "$CONCORD_PG_DIR"; then
      rm -rf "$CONCORD_PG_DIR"
      CONCORD_PG_DIR="$(mktemp -d /tmp/concord-pg.XXXXXXXX)" || return 1
      chown "$CONCORD_PG_USER:" "$CONCORD_PG_DIR"
      chmod 0700 "$CONCORD_PG_DIR"
    fi
  fi
  CONCORD_PG_SOCKET_DIR="$CONCORD_PG_DIR/socket"
  local data="$CONCORD_PG_DIR/data" log="$CONCORD_PG_DIR/postgres.log"
  _concord_pg_as_owner mkdir -m 0700 "$CONCORD_PG_SOCKET_DIR" || return 1

  if ! _concord_pg_as_owner "$CONCORD_PG_BINDIR/initdb" --pgdata="$data" --username="$CONCORD_PG_USER" \
    --auth=trust --encoding=UTF8 --locale=C --no-sync >"$CONCORD_PG_DIR/initdb.log" 2>&1; then
    echo "postgres.sh: initdb failed:" >&2
    cat "$CONCORD_PG_DIR/initdb.log" >&2
    return 1
  fi

  # A port picked as free can be taken before the server binds it: try a few.
  for _ in 1 2 3 4 5; do
    CONCORD_PG_PORT="$(_concord_pg_free_port)" || return 1
    # The server reads its settings from here; postgresql.auto.conf wins over postgresql.conf.
    _concord_pg_as_owner tee "$data/postgresql.auto.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $CONCORD_PG_PORT
unix_socket_directories = '$CONCORD_PG_SOCKET_DIR'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    if _concord_pg_as_owner "$CONCORD_PG_BINDIR/pg_ctl" --pgdata="$data" --log="$log" \
      --wait --timeout=60 --silent start >/dev/null 2>&1; then
      CONCORD_TEST_POSTGRES_URL="postgres://$CONCORD_PG_USER@127.0.0.1:$CONCORD_PG_PORT/postgres"
      export CONCORD_TEST_POSTGRES_URL CONCORD_PG_BINDIR CONCORD_PG_DIR CONCORD_PG_PORT \
        CONCORD_PG_USER CONCORD_PG_SOCKET_DIR
      return 0
    fi
    if ! grep -qiE 'could not bind|address already in use' "$log" 2>/dev/null; then
      break
    fi
  done
  echo "postgres.sh: the PostgreSQL server did not start; its log:" >&2
  tail -n 40 "$log" >&2 2>/dev/null || true
  return 1
}

# Stops the cluster started by concord_pg_start and removes its directory. Safe to call more
# than once, and after a failed or partial start.
concord_pg_stop() {
  local dir="${CONCORD_PG_DIR:-}"
  [[ -n "$dir" ]] || return 0
  if [[ -f "$dir/data/postmaster.pid" && -n "${CONCORD_PG_BINDIR:-}" ]]; then
    _concord_pg_as_owner "$CONCORD_PG_BINDIR/pg_ctl" --pgdata="$dir/data" --mode=fast --wait \
      --timeout=30 --silent stop >/dev/null 2>&1 ||
      _concord_pg_as_owner "$CONCORD_PG_BINDIR/pg_ctl" --pgdata="$dir/data" --mode=immediate \
        --wait --silent stop >/dev/null 2>&1 || true
  fi
  case "$dir" in
    */concord-pg.*) rm -rf -- "$dir" ;;
  esac
  unset CONCORD_PG_DIR CONCORD_PG_PORT CONCORD_PG_SOCKET_DIR CONCORD_TEST_POSTGRES_URL
}
