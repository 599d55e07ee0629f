#!/usr/bin/env node
// The `sigma-offline` bin (package.json "bin"): loads the TypeScript offline commands through the transpile hook
// and runs offline/cli.ts's dispatcher, e.g. `npx sigma-offline synth dev > dev.json`.
"use strict";
require("../scripts/transpileHook.js");
require("./cliArgs.ts").runAsProcess(require("./cli.ts").main);
