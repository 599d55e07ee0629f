// Preloaded (`node -r`) into a benchmarked process: when it exits, writes its CPU time and peak RSS as JSON on fd 3,
// the pipe scripts/bench.js reads. Without fd 3 (run by hand) it writes nothing.
"use strict";
const fs = require("fs");

process.on("exit", () => {
    const usage = process.resourceUsage();
    try {
        fs.writeSync(3, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rssMB: usage.maxRSS / 1024 }));
    } catch {
        // fd 3 is not open: not run by the bench.
    }
});
