// The V8 flags a process loading the transpile hook runs with. The offline commands (synth, plan, check, adopt) are
// short runs: V8's default tiering starts TurboFan compiles on background threads for code that stops running before
// they pay back. An 8x interrupt budget (V8's default is 67,584 bytecode bytes; node 20's --v8-options) tiers up only
// code that stays hot. Measured with `npm run bench`'s cases on this 2-core machine, medians of 3-5 interleaved runs:
// plan prod 2.25 -> 1.36 s CPU and 1.48 -> 1.15 s wall; 50 environments in one program 6.78 -> 5.51 s CPU, 4.18 -> 3.92 s
// wall. `--max-opt=2` (no TurboFan) saved as much CPU on plan prod but cost 10-20% wall on long runs. Other processes
// (mocha, the schema generator, the plugin) keep V8's defaults: the SDK's schema analyzer, a TypeScript program, runs
// 20% slower with the budget and 3.5x slower without TurboFan. SIGMA_V8_FLAGS, when set (even empty), overrides both.
"use strict";
const fs = require("fs");

const OFFLINE_V8_FLAGS = "--interrupt-budget=540672";

/** The offline commands' entry files, as the npm scripts and the bin start them. */
const OFFLINE_COMMAND = /[\\/]offline[\\/](?:(?:synth|plan|check|adopt)[\\/]cli\.ts|sigma-offline\.js)$/;

/** The flags for a process whose main script is `script` (process.argv[1]; a linked bin is followed to its file). */
function v8FlagsFor(script, env = process.env) {
    if (env.SIGMA_V8_FLAGS !== undefined) {
        return env.SIGMA_V8_FLAGS.trim();
    }
    return typeof script === "string" && OFFLINE_COMMAND.test(realPath(script)) ? OFFLINE_V8_FLAGS : "";
}

function realPath(file) {
    try {
        return fs.realpathSync(file);
    } catch {
        return file;
    }
}

module.exports = { OFFLINE_V8_FLAGS, OFFLINE_COMMAND, v8FlagsFor };
