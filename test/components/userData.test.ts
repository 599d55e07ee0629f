import * as assert from "assert";
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cloudWatchAgentBootScript } from "../../components/shared/cloudWatchAgent";
import {
    APP_DB_CONNECTION_DELIMITER, APP_DB_CONNECTION_FAILURE_MARK, APP_DB_CONNECTION_SCRIPT, appDbConnectionBootScript,
    DATA_VOLUME_FAILURE_MARK, dataVolumeFstabLine, MYSQL_DATA_VOLUME_DROP_IN, mysqlDataVolumeDropIn, sigmaUserData, USER_DATA_LOG,
} from "../../components/compute/userData";
import { USER_DATA_MAX_BYTES } from "../../model/ec2Instance";

const MOUNT = "/var/lib/mysql";
const script = sigmaUserData({ dataMountPath: MOUNT });
const withAgent = sigmaUserData({ dataMountPath: MOUNT, extraScript: cloudWatchAgentBootScript("/sigma/prod/cloudwatch-agent") });

/** The path of a command, or undefined when it is not installed. */
function which(command: string): string | undefined {
    const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
    return found.status === 0 ? found.stdout.trim() : undefined;
}

describe("sigmaUserData: the rendered boot script", () => {
    it("installs the MySQL drop-in that requires the data volume's mount", () => {
        assert.strictEqual(MYSQL_DATA_VOLUME_DROP_IN, "/etc/systemd/system/mysql.service.d/sigma-data-volume.conf");
        const dropIn = mysqlDataVolumeDropIn(MOUNT);
        assert.match(dropIn, /^\[Unit\]\n/);
        assert.match(dropIn, /^RequiresMountsFor=\/var\/lib\/mysql$/m);
        assert.match(dropIn, /^AssertPathIsMountPoint=\/var\/lib\/mysql$/m);
        assert.ok(script.includes(`cat > "$drop_in" <<'DROPIN'\n${dropIn}DROPIN\n`), "the script writes the drop-in verbatim");
        assert.ok(script.includes(`local drop_in="$sysroot${MYSQL_DATA_VOLUME_DROP_IN}"`));
    });

    it("mounts by filesystem UUID with nofail, never by label or device name", () => {
        assert.strictEqual(dataVolumeFstabLine("0f6c1c2e-1111-4222-8333-944455556666", MOUNT), "UUID=0f6c1c2e-1111-4222-8333-944455556666 /var/lib/mysql ext4 defaults,nofail 0 2");
        assert.match(script, /^ {2}echo "UUID=\$uuid \/var\/lib\/mysql ext4 defaults,nofail 0 2" >> "\$fstab\.sigma-new"$/m);
        assert.match(script, /uuid=\$\(blkid -p -s UUID -o value "\$device"\)/);
        assert.doesNotMatch(script, /LABEL=|\/dev\/(sd|xvd|nvme)/);
    });

    it("guards MySQL first, stops it before touching the volume and starts it only after a verified mount", () => {
        const order = ["\ninstall_mysql_guard\n", "\n  prepare_data_volume\n", "volume_status=$?", "systemctl enable mysql.service", "systemctl start mysql.service"]
            .map((step) => script.lastIndexOf(step));
        assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])), `main steps out of order: ${order}`);
        const prepare = script.slice(script.indexOf("prepare_data_volume() {"), script.indexOf("hold_mysql_stopped() {"));
        const inPrepare = ["systemctl stop mysql.service", "disk=$(find_data_disk)", "mkfs.ext4", "mv \"$fstab.sigma-new\" \"$fstab\"", "mount \"$sysroot$mount_point\"", "mountpoint -q \"$sysroot$mount_point\" ||", "[ \"$mounted_uuid\" = \"$uuid\" ]"]
            .map((step) => prepare.indexOf(step));
        assert.ok(inPrepare.every((at, i) => at > 0 && (i === 0 || at > inPrepare[i - 1])), `volume steps out of order: ${inPrepare}`);
        assert.strictEqual(script.match(/systemctl (enable|start) mysql\.service/g)?.length, 2, "MySQL is enabled and started in one place only");
    });

    it("formats only a volume without a filesystem that reads as zeros", () => {
        assert.match(script, /blkid -p "\$device" >\/dev\/null 2>&1 \|\| probe=\$\?/);
        assert.match(script, /cmp -s -n 1048576 "\$device" \/dev\/zero \|\| data_volume_failed/);
        assert.match(script, /\*\) data_volume_failed "blkid could not probe/);
    });

    it("holds MySQL stopped and disabled and says why when the volume is missing, then still runs the extra script", () => {
        assert.match(script, /hold_mysql_stopped\(\) \{\n {2}systemctl stop mysql\.service \|\| true\n {2}systemctl disable mysql\.service \|\| true/);
        assert.match(script, new RegExp(`data_volume_failed "no data volume attached after 900s`));
        assert.ok(script.includes(`log "${DATA_VOLUME_FAILURE_MARK}: $*"`));
        assert.ok(withAgent.indexOf("hold_mysql_stopped\nfi\n") < withAgent.indexOf("install_cloudwatch_agent()"), "the agent is installed after the volume step, whatever its outcome");
        assert.match(script, /exit "\$volume_status"\n$/);
        assert.ok(script.includes(`log_file="$sysroot${USER_DATA_LOG}"`));
    });

    it("stays under EC2's 16 KB user data limit with the CloudWatch agent", () => {
        assert.ok(Buffer.byteLength(withAgent) < USER_DATA_MAX_BYTES, `${Buffer.byteLength(withAgent)} bytes`);
    });

    it("refuses a mount path it cannot quote safely, and a wait shorter than one poll", () => {
        assert.throws(() => sigmaUserData({ dataMountPath: "/var/lib/my sql" }), /dataMountPath "\/var\/lib\/my sql" must be an absolute path/);
        assert.throws(() => sigmaUserData({ dataMountPath: "/" }), /other than "\/"/);
        assert.throws(() => sigmaUserData({ dataMountPath: MOUNT, dataVolumeWaitSeconds: 5 }), /dataVolumeWaitSeconds 5 must be a whole number of seconds, at least 10/);
    });

    const shellcheck = which("shellcheck");
    const shellcheckTitle = shellcheck
        ? "passes shellcheck (bash), alone and with the CloudWatch agent fragment"
        : "passes shellcheck: SKIPPED, shellcheck is not installed (Debian package shellcheck: apt-get install -y shellcheck)";
    it(shellcheckTitle, function () {
        if (!shellcheck) {
            this.skip();
        }
        const rendered: Array<[string, string]> = [["plain", script], ["with agent", withAgent]];
        for (const [label, text] of rendered) {
            const result: SpawnSyncReturns<string> = spawnSync(shellcheck as string, ["--shell=bash", "--severity=style", "-"], { input: text, encoding: "utf8" });
            assert.strictEqual(result.status, 0, `shellcheck (${label}):\n${result.stdout}${result.stderr}`);
        }
    });
});

/**
 * Runs the rendered script under bash against a scratch root, with fakes of the commands that touch disks and
 * services on PATH; each fake appends its command line to calls.log.
 */
describe("sigmaUserData: the script's logic under bash with fake disks and systemd", function () {
    this.timeout(60000);
    const UUID_NEW = "0f6c1c2e-1111-4222-8333-944455556666";
    const UUID_OLD = "7d1e2f3a-5555-4666-8777-988899990000";
    let work: string;

    const FAKES: Record<string, string> = {
        lsblk: `case "$*" in
  "-no PKNAME /dev/nvme0n1p1") echo nvme0n1 ;;
  "-dno NAME,TYPE")
    echo "loop0 loop"; echo "nvme0n1 disk"
    if [ -n "\${FAKE_DATA_DISK:-}" ]; then echo "$FAKE_DATA_DISK disk"; fi ;;
  *) exit 1 ;;
esac`,
        findmnt: `case "$1 $2" in
  "-no SOURCE") echo /dev/nvme0n1p1 ;;
  "-no UUID") cat "$FAKE_STATE/mounted" ;;
  *) exit 1 ;;
esac`,
        blkid: `if [ "$1 $2" = "-p -s" ]; then dev="$6"; [ -f "$dev.uuid" ] || exit 2; cat "$dev.uuid"; exit 0; fi
if [ -n "\${FAKE_BLKID_EXIT:-}" ]; then exit "$FAKE_BLKID_EXIT"; fi
[ -f "$2.uuid" ] || exit 2`,
        "mkfs.ext4": `dev="\${*: -1}"; printf 'EXT4' | dd of="$dev" conv=notrunc status=none; echo "$FAKE_NEW_UUID" > "$dev.uuid"`,
        mount: `if [ "$#" -eq 1 ]; then
  [ -z "\${FAKE_MOUNT_FAILS:-}" ] || exit 32
  uuid=$(awk -v mp="\${1#"$SIGMA_SYSROOT"}" '$2 == mp {sub(/^UUID=/, "", $1); print $1}' "$SIGMA_SYSROOT/etc/fstab")
  echo "\${FAKE_MOUNTED_UUID:-$uuid}" > "$FAKE_STATE/mounted"
fi`,
        mountpoint: `[ -f "$FAKE_STATE/mounted" ]`,
        umount: "true",
        rsync: "true",
        chown: "true",
        sleep: "true",
        systemctl: "true",
    };

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-userdata-"));
        const bin = path.join(work, "bin");
        fs.mkdirSync(bin);
        for (const [name, body] of Object.entries(FAKES)) {
            fs.writeFileSync(path.join(bin, name), `#!/bin/bash\necho "${name} $*" >> "$FAKE_LOG"\n${body}\n`, { mode: 0o755 });
        }
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    interface Run { status: number | null; output: string; calls: string[]; log: string; fstab: string; root: string }

    /** Runs the script in a fresh root; `disk` is the data volume's content (undefined: none attached). */
    function run(name: string, options: { disk?: Buffer; diskUuid?: string; fstab?: string; env?: Record<string, string> } = {}): Run {
        const root = path.join(work, name);
        const state = path.join(root, "state");
        fs.mkdirSync(path.join(root, "dev"), { recursive: true });
        fs.mkdirSync(path.join(root, "etc"), { recursive: true });
        fs.mkdirSync(path.join(root, "var/lib/mysql"), { recursive: true });
        fs.mkdirSync(state);
        fs.writeFileSync(path.join(root, "etc/fstab"), options.fstab ?? "LABEL=cloudimg-rootfs / ext4 discard,errors=remount-ro 0 1\n");
        if (options.disk) {
            fs.writeFileSync(path.join(root, "dev/nvme1n1"), options.disk);
            if (options.diskUuid) {
                fs.writeFileSync(path.join(root, "dev/nvme1n1.uuid"), `${options.diskUuid}\n`);
            }
        }
        const calls = path.join(root, "calls.log");
        fs.writeFileSync(calls, "");
        const file = path.join(root, "user-data.sh");
        fs.writeFileSync(file, sigmaUserData({ dataMountPath: MOUNT, dataVolumeWaitSeconds: 30, extraScript: "echo extra script ran" }));
        const result = spawnSync("bash", [file], {
            encoding: "utf8",
            env: {
                PATH: `${path.join(work, "bin")}:${process.env.PATH}`,
                SIGMA_SYSROOT: root, FAKE_LOG: calls, FAKE_STATE: state, FAKE_NEW_UUID: UUID_NEW,
                ...(options.disk ? { FAKE_DATA_DISK: "nvme1n1" } : {}),
                ...options.env,
            },
        });
        return {
            status: result.status,
            output: result.stdout + result.stderr,
            calls: fs.readFileSync(calls, "utf8").trim().split("\n").filter(Boolean),
            log: fs.readFileSync(path.join(root, "var/log/userdata.log"), "utf8"),
            fstab: fs.readFileSync(path.join(root, "etc/fstab"), "utf8"),
            root,
        };
    }
    const blank = () => Buffer.alloc(1 << 20);
    const ext4 = () => Buffer.concat([Buffer.from("EXT4"), Buffer.alloc((1 << 20) - 4)]);
    const index = (calls: string[], call: string) => calls.indexOf(call);

    it("a blank volume is formatted, seeded while MySQL is stopped, mounted by UUID, and only then MySQL starts", () => {
        const r = run("blank", { disk: blank(), fstab: "LABEL=cloudimg-rootfs / ext4 defaults 0 1\nLABEL=sigma-data /var/lib/mysql ext4 defaults,nofail 0 2\n" });
        assert.strictEqual(r.status, 0, r.output);
        const dev = `${r.root}/dev/nvme1n1`;
        const expected = [
            "systemctl daemon-reload", "systemctl stop mysql.service", `mkfs.ext4 -q -L sigma-data ${dev}`,
            `mount ${dev} ${r.root}/mnt/sigma-seed`, `rsync -aHAX ${r.root}/var/lib/mysql/ ${r.root}/mnt/sigma-seed/`,
            `umount ${r.root}/mnt/sigma-seed`, `mount ${r.root}/var/lib/mysql`, `chown -R mysql:mysql ${r.root}/var/lib/mysql`,
            "systemctl enable mysql.service", "systemctl start mysql.service",
        ].map((call) => index(r.calls, call));
        assert.ok(expected.every((at, i) => at >= 0 && (i === 0 || at > expected[i - 1])), `calls out of order:\n${r.calls.join("\n")}`);
        assert.strictEqual(r.fstab, `LABEL=cloudimg-rootfs / ext4 defaults 0 1\nUUID=${UUID_NEW} /var/lib/mysql ext4 defaults,nofail 0 2\n`);
        assert.strictEqual(fs.readFileSync(`${r.root}${MYSQL_DATA_VOLUME_DROP_IN}`, "utf8"), mysqlDataVolumeDropIn(MOUNT));
        assert.match(r.log, /extra script ran/);
        assert.match(r.log, new RegExp(`data volume UUID=${UUID_NEW} mounted at /var/lib/mysql`));
    });

    it("a volume that holds a filesystem is mounted as it is: no format, no seed", () => {
        const r = run("existing", { disk: ext4(), diskUuid: UUID_OLD });
        assert.strictEqual(r.status, 0, r.output);
        assert.ok(!r.calls.some((call) => /^(mkfs\.ext4|rsync) /.test(call)), r.calls.join("\n"));
        assert.match(r.fstab, new RegExp(`^UUID=${UUID_OLD} /var/lib/mysql ext4 defaults,nofail 0 2$`, "m"));
        assert.ok(index(r.calls, "systemctl start mysql.service") > index(r.calls, `mount ${r.root}/var/lib/mysql`));
    });

    /** What every failure must do: MySQL stopped and disabled, never enabled or started, the reason in the log, the extra script run, a non-zero exit. */
    function assertHeldStopped(r: Run, reason: RegExp): void {
        assert.notStrictEqual(r.status, 0, "the script exits non-zero so cloud-init reports the failure");
        assert.ok(r.calls.includes("systemctl stop mysql.service") && r.calls.includes("systemctl disable mysql.service"), r.calls.join("\n"));
        assert.ok(!r.calls.some((call) => /^systemctl (enable|start) mysql/.test(call)), `MySQL must not be enabled or started:\n${r.calls.join("\n")}`);
        assert.ok(index(r.calls, "systemctl daemon-reload") < index(r.calls, "systemctl stop mysql.service"), "the drop-in is in place first");
        assert.ok(fs.existsSync(`${r.root}${MYSQL_DATA_VOLUME_DROP_IN}`));
        assert.match(r.log, reason);
        assert.match(r.log, new RegExp(`${DATA_VOLUME_FAILURE_MARK}: MySQL is stopped and disabled`));
        assert.match(r.log, /extra script ran/);
    }

    it("a missing volume: MySQL is held stopped, fstab untouched, the log says why", () => {
        const r = run("missing");
        assertHeldStopped(r, new RegExp(`${DATA_VOLUME_FAILURE_MARK}: no data volume attached after 30s \\(only the root disk nvme0n1 is present\\)`));
        assert.strictEqual(r.calls.filter((call) => call === "sleep 10").length, 3);
        assert.strictEqual(r.fstab, "LABEL=cloudimg-rootfs / ext4 discard,errors=remount-ro 0 1\n");
        assert.ok(!r.calls.some((call) => /^(mkfs|mount) /.test(call)));
    });

    it("a volume that is not blank but has no filesystem blkid knows is never formatted", () => {
        const r = run("unknown-content", { disk: Buffer.concat([Buffer.from("not a filesystem"), Buffer.alloc(1 << 20)]) });
        assertHeldStopped(r, /is not blank; refusing to format it/);
        assert.ok(!r.calls.some((call) => call.startsWith("mkfs.ext4")));
    });

    it("a volume blkid cannot probe is never formatted", () => {
        const r = run("probe-error", { disk: blank(), env: { FAKE_BLKID_EXIT: "4" } });
        assertHeldStopped(r, /blkid could not probe .* \(exit 4\); refusing to format it/);
        assert.ok(!r.calls.some((call) => call.startsWith("mkfs.ext4")));
    });

    it("a mount that fails holds MySQL stopped", () => {
        const r = run("mount-fails", { disk: ext4(), diskUuid: UUID_OLD, env: { FAKE_MOUNT_FAILS: "1" } });
        assertHeldStopped(r, new RegExp(`${DATA_VOLUME_FAILURE_MARK}: exit 32 from: mount "\\$sysroot\\$mount_point"`));
    });

    it("another filesystem at the mount point holds MySQL stopped", () => {
        const r = run("wrong-filesystem", { disk: ext4(), diskUuid: UUID_OLD, env: { FAKE_MOUNTED_UUID: UUID_NEW } });
        assertHeldStopped(r, new RegExp(`/var/lib/mysql holds filesystem ${UUID_NEW}, not the data volume's ${UUID_OLD}`));
    });

    it("running it again on a mounted volume changes nothing and starts MySQL", () => {
        const first = run("rerun", { disk: ext4(), diskUuid: UUID_OLD });
        assert.strictEqual(first.status, 0, first.output);
        const again = spawnSync("bash", [path.join(first.root, "user-data.sh")], {
            encoding: "utf8",
            env: { PATH: `${path.join(work, "bin")}:${process.env.PATH}`, SIGMA_SYSROOT: first.root, FAKE_LOG: path.join(first.root, "calls.log"), FAKE_STATE: path.join(first.root, "state"), FAKE_NEW_UUID: UUID_NEW, FAKE_DATA_DISK: "nvme1n1" },
        });
        assert.strictEqual(again.status, 0, again.stdout + again.stderr);
        const fstab = fs.readFileSync(path.join(first.root, "etc/fstab"), "utf8");
        assert.strictEqual(fstab.match(/\/var\/lib\/mysql/g)?.length, 1, fstab);
        const calls = fs.readFileSync(path.join(first.root, "calls.log"), "utf8").trim().split("\n");
        assert.strictEqual(calls.filter((call) => call === `mount ${first.root}/var/lib/mysql`).length, 1, "the second run finds it mounted");
    });
});

/**
 * The APP tier's fragment (sigma:appDbConnection) inside the full boot script, run under bash against a scratch root with
 * fakes of getent (name resolution), sleep and the disk and systemd commands; the data volume step succeeds first.
 */
describe("appDbConnectionBootScript: the APP tier reaches the DB by name", function () {
    this.timeout(60000);
    const HOST = "db.prod.sigma.internal";
    // The operator's script: records the host it was given and the environment's view of it.
    const CONNECT = 'echo "connect to $SIGMA_DB_HOST" >> "$FAKE_STATE/connected"\nexit "${FAKE_CONNECT_EXIT:-0}"\n';
    let work: string;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-appdb-"));
        const bin = path.join(work, "bin");
        fs.mkdirSync(bin);
        const fakes: Record<string, string> = {
            // Resolves the DB name only after FAKE_RESOLVE_AFTER lookups (the record is created with the DB instance).
            getent: 'n=$(cat "$FAKE_STATE/lookups" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$FAKE_STATE/lookups"\n[ "$1 $2" = "hosts ' + HOST + '" ] && [ "$n" -gt "${FAKE_RESOLVE_AFTER:-0}" ] && echo "10.40.1.25 ' + HOST + '"',
            lsblk: 'case "$*" in "-no PKNAME /dev/nvme0n1p1") echo nvme0n1 ;; "-dno NAME,TYPE") echo "nvme0n1 disk"; echo "nvme1n1 disk" ;; *) exit 1 ;; esac',
            findmnt: 'case "$1 $2" in "-no SOURCE") echo /dev/nvme0n1p1 ;; "-no UUID") cat "$FAKE_STATE/mounted" ;; *) exit 1 ;; esac',
            blkid: 'if [ "$1 $2" = "-p -s" ]; then echo 7d1e2f3a-5555-4666-8777-988899990000; fi; exit 0',
            mount: 'echo 7d1e2f3a-5555-4666-8777-988899990000 > "$FAKE_STATE/mounted"',
            mountpoint: '[ -f "$FAKE_STATE/mounted" ]',
            sleep: "true", systemctl: "true", chown: "true", umount: "true", rsync: "true",
        };
        for (const [name, body] of Object.entries(fakes)) {
            fs.writeFileSync(path.join(bin, name), `#!/bin/bash\necho "${name} $*" >> "$FAKE_LOG"\n${body}\n`, { mode: 0o755 });
        }
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    function run(name: string, env: Record<string, string> = {}, waitSeconds = 30) {
        const root = path.join(work, name);
        const state = path.join(root, "state");
        for (const dir of ["dev", "etc", "var/lib/mysql", "state"]) {
            fs.mkdirSync(path.join(root, dir), { recursive: true });
        }
        fs.writeFileSync(path.join(root, "dev/nvme1n1"), Buffer.concat([Buffer.from("EXT4"), Buffer.alloc(1024)]));
        fs.writeFileSync(path.join(root, "etc/fstab"), "");
        const calls = path.join(root, "calls.log");
        fs.writeFileSync(calls, "");
        const file = path.join(root, "user-data.sh");
        fs.writeFileSync(file, sigmaUserData({ dataMountPath: MOUNT, dataVolumeWaitSeconds: 30, extraScript: appDbConnectionBootScript(CONNECT, HOST, waitSeconds) }));
        const result = spawnSync("bash", [file], {
            encoding: "utf8",
            env: { PATH: `${path.join(work, "bin")}:${process.env.PATH}`, SIGMA_SYSROOT: root, FAKE_LOG: calls, FAKE_STATE: state, ...env },
        });
        const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
        return {
            status: result.status, output: result.stdout + result.stderr, root,
            log: read(path.join(root, "var/log/userdata.log")),
            connected: read(path.join(state, "connected")),
            calls: read(calls).trim().split("\n"),
        };
    }

    it("waits for the name to resolve, then runs the script once with SIGMA_DB_HOST set, from a root-only file", () => {
        const r = run("resolves-late", { FAKE_RESOLVE_AFTER: "2" });
        assert.strictEqual(r.status, 0, r.output);
        assert.strictEqual(r.connected, `connect to ${HOST}\n`);
        assert.strictEqual(r.calls.filter((c) => c === "sleep 10").length, 2, "two waits before the third lookup resolves");
        assert.match(r.log, new RegExp(`running .*${APP_DB_CONNECTION_SCRIPT} with SIGMA_DB_HOST=${HOST}`));
        assert.match(r.log, /APP tier connected to db\.prod\.sigma\.internal/);
        const script = path.join(r.root, APP_DB_CONNECTION_SCRIPT);
        assert.strictEqual(fs.readFileSync(script, "utf8"), CONNECT, "written verbatim: nothing in it is expanded by the boot script");
        assert.strictEqual(fs.statSync(script).mode & 0o777, 0o700);
    });

    it("a name that never resolves fails the boot with the mark and never runs the script", () => {
        const r = run("never-resolves", { FAKE_RESOLVE_AFTER: "1000" });
        assert.notStrictEqual(r.status, 0);
        assert.strictEqual(r.connected, "");
        assert.match(r.log, new RegExp(`${APP_DB_CONNECTION_FAILURE_MARK}: db\\.prod\\.sigma\\.internal does not resolve after 30s`));
        assert.strictEqual(r.calls.filter((c) => c === "sleep 10").length, 3);
    });

    it("a failing script fails the boot with its exit status and says how to run it again", () => {
        const r = run("script-fails", { FAKE_CONNECT_EXIT: "7" });
        assert.strictEqual(r.status, 7, r.output);
        assert.match(r.log, new RegExp(`${APP_DB_CONNECTION_FAILURE_MARK}: exit 7; fix the script, then run: sudo SIGMA_DB_HOST=${HOST.replace(/\./g, "\\.")} bash ${APP_DB_CONNECTION_SCRIPT}`));
        assert.doesNotMatch(r.log, /APP tier connected/);
    });

    it("refuses a host that is not a DNS name, a script holding its end marker and a wait shorter than one poll", () => {
        assert.throws(() => appDbConnectionBootScript(CONNECT, "10.40.1.25"), /dbHost "10.40.1.25" must be a lower-case DNS name/);
        assert.throws(() => appDbConnectionBootScript(CONNECT, "DB.Prod.sigma.internal"), /must be a lower-case DNS name/);
        assert.throws(() => appDbConnectionBootScript(`echo\n  ${APP_DB_CONNECTION_DELIMITER}  \nreboot`, HOST), /contains the line SIGMA_APP_DB_CONNECTION_END/);
        assert.throws(() => appDbConnectionBootScript(CONNECT, HOST, 9), /waitSeconds 9 must be a whole number of seconds, at least 10/);
        assert.doesNotThrow(() => appDbConnectionBootScript(CONNECT, HOST, 10));
    });

    const shellcheck = which("shellcheck");
    it(shellcheck ? "passes shellcheck inside the full boot script" : "passes shellcheck: SKIPPED, shellcheck is not installed", function () {
        if (!shellcheck) {
            this.skip();
        }
        const text = sigmaUserData({ dataMountPath: MOUNT, extraScript: appDbConnectionBootScript('sigma-connect "$SIGMA_DB_HOST"', HOST) });
        const result = spawnSync(shellcheck as string, ["--shell=bash", "--severity=style", "-"], { input: text, encoding: "utf8" });
        assert.strictEqual(result.status, 0, `${result.stdout}${result.stderr}`);
    });
});
