#!/usr/bin/env node
// Runs a TypeScript entry point (a script, a benchmark or an app in dev) without a build step:
// SWC transpiles it (with the decorator metadata NestJS needs) and tsconfig paths resolve @city/*.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || path.join(root, 'tsconfig.base.json');
require('ts-node').register({ transpileOnly: true, swc: true, project: process.env.TS_NODE_PROJECT });
const base = require(path.join(root, 'tsconfig.base.json')).compilerOptions;
require('tsconfig-paths').register({ baseUrl: root, paths: base.paths });
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run-ts.js <file.ts> [args...]');
  process.exit(2);
}
process.argv.splice(1, 1); // the entry sees itself as argv[1]
require(path.resolve(entry));
