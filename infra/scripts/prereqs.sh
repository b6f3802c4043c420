# Shared by ./run.sh and ./test.sh: make sure what they need is on this machine, installing Debian packages when
# running as root, and saying exactly what to install otherwise. Sourced, not executed.

ntb_say() { printf '\033[1m[ntb]\033[0m %s\n' "$*" >&2; }

ntb_apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    ntb_say "Missing: $*. Install with: sudo apt-get install -y $*  (then run this again)"
    return 1
  fi
  ntb_say "Installing $* with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "$@" >/tmp/ntb-apt.log 2>&1; then
    apt-get update -q >>/tmp/ntb-apt.log 2>&1 || true
    apt-get install -y -q "$@" >>/tmp/ntb-apt.log 2>&1 || { ntb_say "apt-get install $* failed; see /tmp/ntb-apt.log"; return 1; }
  fi
}

ntb_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    ntb_say "The .NET 10 SDK is missing. Install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run this again."
    return 1
  fi
  local major
  major=$(dotnet --version 2>/dev/null | cut -d. -f1)
  if [ "${major:-0}" -lt 10 ]; then
    ntb_say "The .NET SDK on PATH is $(dotnet --version); NetTumorBoard needs .NET 10."
    return 1
  fi
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

ntb_has_postgres_binaries() {
  if [ -n "${NTB_PG_BIN:-}" ]; then
    [ -x "$NTB_PG_BIN/initdb" ] && [ -x "$NTB_PG_BIN/pg_ctl" ]
    return
  fi
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

# The embedded database needs the server binaries; a configured external server does not.
ntb_require_postgres() {
  if [ -n "${ConnectionStrings__Marten:-}${NTB_DATABASE_URL:-}" ] && [ "${1:-}" != "always" ]; then
    return 0
  fi
  ntb_has_postgres_binaries || ntb_apt_install postgresql
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    ntb_say "Running as root needs the 'postgres' OS user (created by the postgresql package); reinstalling it."
    ntb_apt_install --reinstall postgresql-common
  fi
}

ntb_require_chromium() {
  [ -x "${NTB_CHROMIUM:-/usr/bin/chromium}" ] || ntb_apt_install chromium
}

# Minutes are printed to PDF with DejaVu Sans (embedded in the file, so readers need nothing installed).
ntb_require_fonts() {
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || ntb_apt_install fonts-dejavu-core
}
