#!/usr/bin/env bash
# NetTumorBoard: build and serve the app. Without a configured database it starts its own PostgreSQL cluster
# (data kept in NTB_DATA_DIR, default ~/.local/share/nettumorboard/pgdata, or /var/lib/nettumorboard/pgdata as root)
# and seeds the demo board. Honours ASPNETCORE_URLS (default http://127.0.0.1:5000) and --urls.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
. infra/scripts/prereqs.sh

ntb_require_dotnet
ntb_require_postgres
ntb_require_fonts

ntb_say "Building (Release) ..."
# A published build serves the packages' static assets (MudBlazor) outside Development.
dotnet publish src/NetTumorBoard.Web/NetTumorBoard.Web.csproj -c Release -o .build/app --nologo -v quiet -clp:ErrorsOnly

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5000}"
exec dotnet .build/app/NetTumorBoard.Web.dll "$@"
