#!/usr/bin/env bash
# Print the path of a Python interpreter of version $1 (e.g. 3.10), or fail with a hint.
# Looks on PATH first, then in pyenv's versions, so it works with or without pyenv shims.
set -euo pipefail
want="$1"
for candidate in "python$want" python3; do
    if path="$(command -v "$candidate" 2>/dev/null)" \
        && "$path" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" 2>/dev/null; then
        echo "$path"
        exit 0
    fi
done
for path in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".*/bin/python"$want" /usr/bin/python"$want" /usr/local/bin/python"$want"; do
    if [ -x "$path" ]; then
        echo "$path"
        exit 0
    fi
done
echo "Python $want is needed but was not found (install it, e.g. 'pyenv install $want')" >&2
exit 1
