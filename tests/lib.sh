# The preamble the shell checks of tests/ share; each sources it first:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   make_tmp NAME          $tmp: a fresh folder under $TMPDIR, removed on exit (made
#                          writable first: some checks take the permissions away)
#   fail MESSAGE           prints "FAIL: MESSAGE" and counts it in $fails
#   ok MESSAGE             prints "ok: MESSAGE"
# A script ends with its own verdict over $fails.
set -u
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
make_tmp() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/kg-$1.XXXXXX")
  trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
}
