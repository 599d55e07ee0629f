import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freezeScript } from "../../../components/backup/sigmaConsistentSnapshots";

/**
 * Runs the pre/post script as SSM would (parameters substituted) against stub `mysql`, `fsfreeze`, `mountpoint` and
 * `systemctl` on PATH; each stub appends its call to a log and keeps the state a real one would (a frozen mark, a lock
 * holder that sleeps until killed), so a test can follow the order of calls and the state left behind.
 */
export interface Harness {
    dir: string;
    run(command: string, env?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
    calls(): string[];
    frozen(): boolean;
    /** Whether a stub lock holder is still alive (the read lock is held). */
    locked(): boolean;
    cleanup(): void;
}

const STUBS: Record<string, string> = {
    mysql: `#!/bin/bash
echo "mysql $*" >> "$STUB_DIR/calls"
case "$*" in
  *"FLUSH TABLES WITH READ LOCK"*)
    echo 4242
    if [ "\${MYSQL_LOCK_FAILS:-0}" = 1 ]; then echo "ERROR 1205 (HY000): Lock wait timeout exceeded" >&2; exit 1; fi
    echo "$$" > "$STUB_DIR/holder"
    trap 'rm -f "$STUB_DIR/holder"; exit 0' TERM
    echo locked
    for _ in $(seq 1 600); do [ -e "$STUB_DIR/killed" ] && { rm -f "$STUB_DIR/holder" "$STUB_DIR/killed"; exit 0; }; sleep 0.1; done
    rm -f "$STUB_DIR/holder"; exit 0 ;;
  *"KILL 4242"*) touch "$STUB_DIR/killed"; for _ in $(seq 1 50); do [ -e "$STUB_DIR/holder" ] || exit 0; sleep 0.1; done; exit 0 ;;
  *PROCESSLIST*) [ -e "$STUB_DIR/holder" ] && echo 4242; exit 0 ;;
esac
exit 0
`,
    fsfreeze: `#!/bin/bash
echo "fsfreeze $*" >> "$STUB_DIR/calls"
case "$1" in
  -f) if [ "\${FSFREEZE_FAILS:-0}" = 1 ]; then echo "fsfreeze: $2: freeze failed: Operation not supported" >&2; exit 1; fi
      if [ -e "$STUB_DIR/frozen" ]; then echo "fsfreeze: $2: freeze failed: Device or resource busy" >&2; exit 1; fi
      touch "$STUB_DIR/frozen" ;;
  -u) if [ ! -e "$STUB_DIR/frozen" ]; then echo "fsfreeze: $2: unfreeze failed: Invalid argument" >&2; exit 1; fi
      rm -f "$STUB_DIR/frozen" ;;
esac
`,
    mountpoint: `#!/bin/bash
echo "mountpoint $*" >> "$STUB_DIR/calls"
[ "\${NOT_MOUNTED:-0}" = 1 ] && exit 1
exit 0
`,
    systemctl: `#!/bin/bash
echo "systemctl $*" >> "$STUB_DIR/calls"
[ "\${MYSQL_INACTIVE:-0}" = 1 ] && exit 3
exit 0
`,
};

export function makeHarness(freezeLimitSeconds = 30, lockWaitSeconds = 5): Harness {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-freeze-"));
    const bin = path.join(dir, "bin");
    const data = path.join(dir, "data");
    fs.mkdirSync(bin);
    fs.mkdirSync(data);
    for (const [name, body] of Object.entries(STUBS)) {
        fs.writeFileSync(path.join(bin, name), body, { mode: 0o755 });
    }
    const defaults = path.join(dir, "debian.cnf");
    fs.writeFileSync(defaults, "[client]\nuser=stub\n");
    fs.writeFileSync(path.join(dir, "calls"), "");
    const script = (command: string) => freezeScript({
        dataMountPath: data, mysqlService: "mysql.service", mysqlDefaultsFile: defaults, stateDir: path.join(dir, "state"),
        lockWaitSeconds, freezeLimitSeconds,
    }).replace(/\{\{ *command *\}\}/g, command).replace(/\{\{ *executionId *\}\}/g, "None");
    return {
        dir,
        run(command, env = {}) {
            const result = spawnSync("bash", ["-c", script(command)], {
                encoding: "utf8", timeout: 60000,
                env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, STUB_DIR: dir, ...env },
            });
            return { status: result.status, stdout: result.stdout, stderr: result.stderr };
        },
        calls: () => fs.readFileSync(path.join(dir, "calls"), "utf8").split("\n").filter(Boolean),
        frozen: () => fs.existsSync(path.join(dir, "frozen")),
        locked: () => fs.existsSync(path.join(dir, "holder")),
        cleanup: () => {
            // Stop any watchdog or holder the script left (they run detached, in their own sessions).
            spawnSync("bash", ["-c", `pkill -f "${dir}" || true`]);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
