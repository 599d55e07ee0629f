#!/usr/bin/env node
// The `sigma-offline` bin (package.json "bin"): loads the TypeScript offline commands through the transpile hook
// and runs offline/cli.ts's dispatcher, e.g. `npx sigma-offline synth dev > dev.json`.
// The offline commands work on a checkout of the program (its Pulumi.<stack>.yaml files); the published package
// carries only the component library, so there the bin says so instead of failing on a missing module.
"use strict";
const fs = require("fs");
const path = require("path");

if (!fs.existsSync(path.join(__dirname, "cli.ts")) || !fs.existsSync(path.join(__dirname, "..", "scripts", "transpileHook.js"))) {
    process.stderr.write("sigma-offline runs in a checkout of the sigma program (git clone, npm ci), where it reads Pulumi.<stack>.yaml;\n"
        + "this installed package holds only the component library (@emach/sigma-pulumi). Clone the repository to use synth, check, plan and adopt.\n");
    process.exit(2);
}
require("../scripts/transpileHook.js");
require("./cliArgs.ts").runAsProcess(require("./cli.ts").main);
