import * as assert from "assert";
import { spawnSync } from "child_process";
import { DLM_SCRIPT_EXIT_CODES } from "../../../model/dlmScripts";
import { CONSISTENT_SNAPSHOT_DEFAULTS, freezeScript, lockWaitSeconds } from "../../../components/backup/sigmaConsistentSnapshots";
import { Harness, makeHarness } from "./freezeScriptHarness";

/** Index of the first call matching `pattern`, failing the test when none does. */
function at(calls: string[], pattern: RegExp): number {
    const i = calls.findIndex((call) => pattern.test(call));
    assert.ok(i >= 0, `no call matches ${pattern}: ${JSON.stringify(calls)}`);
    return i;
}

const LOCK = /^mysql .*FLUSH TABLES WITH READ LOCK/;
const KILL = /^mysql .*KILL 4242/;
const FREEZE = /^fsfreeze -f /;
const THAW = /^fsfreeze -u /;

describe("SigmaConsistentSnapshots: the pre/post script run against stub mysql and fsfreeze", function () {
    this.timeout(60000);
    let h: Harness;
    afterEach(() => h.cleanup());

    it("pre-script locks MySQL, then freezes; post-script thaws, then unlocks; nothing is left frozen or locked", () => {
        h = makeHarness();
        const pre = h.run("pre-script");
        assert.strictEqual(pre.status, 0, pre.stdout + pre.stderr);
        assert.ok(h.frozen() && h.locked(), "after the pre-script the volume is frozen and the lock held");
        const calls = h.calls();
        assert.ok(at(calls, /^mountpoint -q /) < at(calls, /^systemctl is-active --quiet mysql.service$/));
        assert.ok(at(calls, /^systemctl is-active/) < at(calls, LOCK), "the lock is taken only once MySQL is known to run");
        assert.ok(at(calls, LOCK) < at(calls, FREEZE), "MySQL is flushed and locked before the file system freezes");
        assert.ok(!calls.some((c) => THAW.test(c) || KILL.test(c)), "the pre-script neither thaws nor unlocks when it succeeds");
        const post = h.run("post-script");
        assert.strictEqual(post.status, 0, post.stdout + post.stderr);
        const all = h.calls();
        assert.ok(at(all, THAW) < at(all, KILL), "the post-script thaws before it ends the locking session");
        assert.ok(!h.frozen() && !h.locked(), "thawed and unlocked");
    });

    it("a lock that fails never freezes, ends the session and exits 201 (DLM then falls back to crash-consistent)", () => {
        h = makeHarness();
        const pre = h.run("pre-script", { MYSQL_LOCK_FAILS: "1" });
        assert.strictEqual(pre.status, DLM_SCRIPT_EXIT_CODES.preScriptFailed, pre.stdout + pre.stderr);
        assert.ok(!h.calls().some((c) => FREEZE.test(c)), "no freeze after a failed lock");
        assert.ok(!h.frozen() && !h.locked());
        assert.match(pre.stdout, /Lock wait timeout exceeded/, "the lock's error reaches the command output DLM reports");
    });

    it("a freeze that fails still unlocks MySQL and thaws (exit 201)", () => {
        h = makeHarness();
        const pre = h.run("pre-script", { FSFREEZE_FAILS: "1" });
        assert.strictEqual(pre.status, DLM_SCRIPT_EXIT_CODES.preScriptFailed, pre.stdout + pre.stderr);
        const calls = h.calls();
        assert.ok(at(calls, FREEZE) < at(calls, THAW) && at(calls, THAW) < at(calls, KILL), "freeze attempted, then thaw, then unlock");
        assert.ok(!h.frozen() && !h.locked(), "nothing left frozen or locked");
    });

    it("a second pre-script without a post-script thaws and unlocks the first freeze and exits 204", () => {
        h = makeHarness();
        assert.strictEqual(h.run("pre-script").status, 0);
        const again = h.run("pre-script");
        assert.strictEqual(again.status, DLM_SCRIPT_EXIT_CODES.preScriptWhilePostExpected, again.stdout);
        assert.ok(!h.frozen() && !h.locked(), "the stale freeze is undone, not stacked");
        assert.strictEqual(h.calls().filter((c) => FREEZE.test(c)).length, 1, "the second run freezes nothing");
    });

    it("post-script is idempotent: a second one changes nothing and says no pre-script ran (205)", () => {
        h = makeHarness();
        assert.strictEqual(h.run("pre-script").status, 0);
        assert.strictEqual(h.run("post-script").status, 0);
        const again = h.run("post-script");
        assert.strictEqual(again.status, DLM_SCRIPT_EXIT_CODES.postScriptWhilePreExpected, again.stdout);
        assert.ok(!h.frozen() && !h.locked());
    });

    it("the watchdog thaws and unlocks when no post-script comes, and the late post-script reports it (203)", async () => {
        h = makeHarness(8, 5);
        const pre = h.run("pre-script");
        assert.strictEqual(pre.status, 0, pre.stdout + pre.stderr);
        assert.ok(h.frozen());
        for (let i = 0; i < 250 && (h.frozen() || h.locked()); i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.ok(!h.frozen() && !h.locked(), "thawed and unlocked by the watchdog");
        const late = h.run("post-script");
        assert.strictEqual(late.status, DLM_SCRIPT_EXIT_CODES.autoThawBeforePostScript, late.stdout);
    });

    it("MySQL not running: the file system is frozen and thawed without any MySQL call", () => {
        h = makeHarness();
        assert.strictEqual(h.run("pre-script", { MYSQL_INACTIVE: "1" }).status, 0);
        assert.ok(h.frozen());
        assert.strictEqual(h.run("post-script", { MYSQL_INACTIVE: "1" }).status, 0);
        assert.ok(!h.calls().some((c) => c.startsWith("mysql ")), JSON.stringify(h.calls()));
        assert.ok(!h.frozen());
    });

    it("the data volume not mounted: refuses (206) before any lock or freeze", () => {
        h = makeHarness();
        const pre = h.run("pre-script", { NOT_MOUNTED: "1" });
        assert.strictEqual(pre.status, DLM_SCRIPT_EXIT_CODES.applicationNotReady);
        assert.ok(!h.calls().some((c) => LOCK.test(c) || FREEZE.test(c)));
    });

    it("dry-run and unknown commands touch nothing (0 and 1)", () => {
        h = makeHarness();
        assert.strictEqual(h.run("dry-run").status, 0);
        assert.strictEqual(h.run("freeze-everything").status, 1);
        assert.deepStrictEqual(h.calls(), []);
    });
});

describe("SigmaConsistentSnapshots: the script's text", () => {
    const script = freezeScript({
        dataMountPath: "/var/lib/mysql", mysqlService: "mysql.service", mysqlDefaultsFile: CONSISTENT_SNAPSHOT_DEFAULTS.mysqlDefaultsFile,
        stateDir: CONSISTENT_SNAPSHOT_DEFAULTS.stateDir, lockWaitSeconds: lockWaitSeconds(60), freezeLimitSeconds: 60,
    });

    it("freezes only the data directory, never / or /boot, and keeps its state off the frozen volume", () => {
        const frozen = [...script.matchAll(/fsfreeze -f "([^"]+)"/g)].map((m) => m[1]);
        assert.deepStrictEqual(frozen, ["$DATA_DIR"]);
        assert.match(script, /^DATA_DIR="\/var\/lib\/mysql"$/m);
        assert.match(script, /^STATE_DIR="\/run\//m);
        assert.strictEqual(lockWaitSeconds(60), 30);
        assert.strictEqual(lockWaitSeconds(10), 5);
        assert.strictEqual(lockWaitSeconds(11), 5);
        assert.strictEqual(lockWaitSeconds(12), 6);
    });

    const shellcheck = spawnSync("shellcheck", ["--version"], { encoding: "utf8" }).status === 0;
    it(shellcheck ? "passes shellcheck (bash) with its parameters substituted"
        : "passes shellcheck: SKIPPED, shellcheck is not installed (Debian package shellcheck: apt-get install -y shellcheck)", function () {
        if (!shellcheck) {
            this.skip();
        }
        for (const command of ["pre-script", "post-script", "dry-run"]) {
            const text = script.replace(/\{\{ *command *\}\}/g, command).replace(/\{\{ *executionId *\}\}/g, "None");
            const result = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "-"], { input: text, encoding: "utf8" });
            assert.strictEqual(result.status, 0, `${command}: ${result.stdout}${result.stderr}`);
        }
    });
});
