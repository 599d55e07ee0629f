// The V8 flags a process loading the transpile hook runs with. The offline commands (synth, plan, check, adopt) are
// short runs: V8's default tiering starts TurboFan compiles on background threads for code that stops running before
// they pay back. Raising TurboFan's tier-up threshold eightfold optimises only code that stays hot. The flag differs by
// V8 version (an unknown flag is an error message on stderr), so it is chosen by V8's major version, and none is set
// for a V8 not in the table. Measured on this 2-core machine, medians of 4-5 interleaved runs against V8's defaults:
// node 20 (V8 11.3): plan prod 2.25 -> 1.36 s CPU, 1.48 -> 1.15 s wall; 50 environments 6.8 -> 5.5 s CPU, 4.2 -> 3.9 s
// wall. Node 22 (V8 12.4): plan prod 2.1 -> 1.7 s CPU, the same wall. `--max-opt=2` (no TurboFan) saved as much CPU on
// plan prod but cost 10-20% wall on long runs. Other processes (mocha, the schema generator, the plugin) keep V8's
// defaults: the SDK's schema analyzer, a TypeScript program, runs 20% slower with the raised threshold and 3.5x slower
// without TurboFan. SIGMA_V8_FLAGS, when set (even empty), overrides the choice for any process.
"use strict";
const fs = require("fs");

/** Per V8 major version: TurboFan's tier-up threshold at 8x its default (the defaults as `node --v8-options` prints them). */
const OFFLINE_V8_FLAGS = {
    11: "--interrupt-budget=540672", // node 20: --interrupt-budget default 67584 (bytecode bytes)
    12: "--invocation-count-for-turbofan=24000", // node 22: --invocation-count-for-turbofan default 3000
};

/** The offline commands' flags for the V8 of `v8Version` ("11.3.244.8-node.33"), or none for a V8 not in the table. */
function offlineV8Flags(v8Version = process.versions.v8) {
    return OFFLINE_V8_FLAGS[Number.parseInt(String(v8Version), 10)] ?? "";
}

/** The offline commands' entry files, as the npm scripts and the bin start them. */
const OFFLINE_COMMAND = /[\\/]offline[\\/](?:(?:synth|plan|check|adopt)[\\/]cli\.ts|sigma-offline\.js)$/;

/** The flags for a process whose main script is `script` (process.argv[1]; a linked bin is followed to its file). */
function v8FlagsFor(script, env = process.env, v8Version = process.versions.v8) {
    if (env.SIGMA_V8_FLAGS !== undefined) {
        return env.SIGMA_V8_FLAGS.trim();
    }
    return typeof script === "string" && OFFLINE_COMMAND.test(realPath(script)) ? offlineV8Flags(v8Version) : "";
}

function realPath(file) {
    try {
        return fs.realpathSync(file);
    } catch {
        return file;
    }
}

module.exports = { OFFLINE_V8_FLAGS, OFFLINE_COMMAND, offlineV8Flags, v8FlagsFor };
