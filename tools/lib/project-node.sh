# Sourced by tools/test, tools/up and tools/infra: puts the project's own Node first on the PATH.
# The project brings its runtime through npm: the pinned devDependency `node` (package.json) installs
# that Node's binary into node_modules/.bin, which npm already puts first for every npm script. This
# does the same for the scripts when they are run directly (bash tools/test), and refuses to go on
# with another Node, so nothing builds, tests or benchmarks on the machine's own (end-of-life) Node.
# Needs ROOT set to the repository's root.
export PATH="$ROOT/node_modules/.bin:$PATH"
project_node_check() {
  local want have
  want="$(node -p "require('$ROOT/package.json').devDependencies.node" 2>/dev/null || true)"
  have="$(node --version 2>/dev/null || true)"
  if [ -z "$want" ] || [ "$have" != "v$want" ]; then
    echo "the project runs on Node ${want:-?} from node_modules/.bin (the devDependency \`node\`), found ${have:-none}: run npm ci" >&2
    return 1
  fi
}
