#!/usr/bin/env bash
# The exports as their clients read them (tests/clients_roundtrip.py): networkx
# (GraphML, GEXF), igraph (GraphML), Gephi's view of the GEXF, and the GEXF 1.3
# schema (tests/data/gexf-1.3/gexf.xsd, with xmllint). On the seeds and, when
# ../shared is present, on the 45 documents of ../shared/dev built together.
# Exit 77 (skipped) when python3's networkx/igraph or xmllint are missing.
# usage: clients.sh KG_BINARY SOURCE_DIR
set -u
kg=$1
src=$2
py=/usr/bin/python3  # Debian's, which sees python3-networkx and python3-igraph
command -v xmllint >/dev/null 2>&1 || { echo "skipped: xmllint missing (scripts/setup.sh)"; exit 77; }
"$py" -c 'import networkx, igraph' 2>/dev/null || { echo "skipped: python3-networkx/igraph missing"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kg-clients.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
check() {  # check NAME INPUT...
  local name=$1
  shift
  echo "== $name"
  "$kg" build "$@" -o "$tmp/$name" -q || { echo "FAIL: kg build $name"; fails=$((fails + 1)); return; }
  xmllint --noout --schema "$src/tests/data/gexf-1.3/gexf.xsd" "$tmp/$name/graph.gexf" 2>&1 | tail -3
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "FAIL: $name: graph.gexf does not validate against GEXF 1.3"; fails=$((fails + 1)); }
  "$py" "$src/tests/clients_roundtrip.py" "$tmp/$name" || fails=$((fails + 1))
}
check seeds "$src/seeds"
if [ -d "$src/../shared/dev/docs" ]; then
  check dev "$src/../shared/dev/docs"
else
  echo "(../shared/dev not present: the dev documents are not checked)"
fi
# The schema check can fail: a GEXF 1.2 root does not validate.
sed 's/version="1.3"/version="1.2"/' "$tmp/seeds/graph.gexf" >"$tmp/old.gexf"
if xmllint --noout --schema "$src/tests/data/gexf-1.3/gexf.xsd" "$tmp/old.gexf" 2>/dev/null; then
  echo "FAIL: the GEXF 1.3 schema accepts version=\"1.2\""
  fails=$((fails + 1))
fi
[ $fails -eq 0 ]
