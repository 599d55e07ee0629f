import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { agentLogsSetupDocument, agentLogsSetupScript, cloudWatchAgentBootScript, filterPatternMatches, SIGMA_LOG_FAILURES } from "../../../components";
import { DATA_VOLUME_FAILURE_MARK } from "../../../components/compute/userData";

/**
 * Log lines as the programs write them. Tomcat's catalina log (JULI OneLineFormatter: `dd-MMM-yyyy HH:mm:ss.SSS LEVEL
 * [thread] class.method message`), the JVM's uncaught OutOfMemoryError, MySQL 8.0's error log (`<time> <thread> [<prio>]
 * [MY-<code>] [<subsystem>] <message>`, https://dev.mysql.com/doc/refman/8.0/en/error-log-format.html), and the
 * boot script's own lines (userData.ts log(): `<date -Is> <message>`).
 */
const LINES = {
    tomcatOom: "Exception in thread \"http-nio-8080-exec-7\" java.lang.OutOfMemoryError: Java heap space",
    tomcatOomSevere: "22-Nov-2026 07:12:44.120 SEVERE [http-nio-8080-exec-3] org.apache.catalina.core.StandardWrapperValve.invoke Servlet.service() for servlet [dispatcher] threw exception java.lang.OutOfMemoryError: GC overhead limit exceeded",
    tomcatSevere: "22-Nov-2026 07:00:01.532 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start. Full details will be found in the appropriate container log file",
    tomcatInfo: "22-Nov-2026 07:00:03.001 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [5210] milliseconds",
    tomcatWarning: "22-Nov-2026 07:00:02.870 WARNING [main] org.apache.catalina.util.SessionIdGeneratorBase.createSecureRandom Creation of SecureRandom instance took [231] milliseconds.",
    mysqlNotShutdown: "2026-11-22T07:01:10.402113Z 1 [Note] [MY-012552] [InnoDB] Database was not shutdown normally!",
    mysqlCrashRecovery: "2026-11-22T07:01:10.402188Z 1 [Note] [MY-012553] [InnoDB] Starting crash recovery.",
    mysqlSignal: "2026-11-22T07:00:58Z UTC - mysqld got signal 11 ;",
    mysqlOom: "2026-11-22T07:05:00.000000Z 12 [ERROR] [MY-000000] [Server] Out of memory (Needed 16777216 bytes)",
    mysqlReady: "2026-11-22T07:01:12.918312Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.40-0ubuntu0.24.04.1'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  (Ubuntu).",
    mysqlShutdown: "2026-11-22T06:59:00.100000Z 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 8.0.40-0ubuntu0.24.04.1)  (Ubuntu).",
    userdataVolume: `2026-11-22T07:00:00+00:00 ${DATA_VOLUME_FAILURE_MARK}: no data volume attached after 900 s`,
    userdataAgent: "CloudWatch agent not running; memory and disk alarms will report missing data",
    userdataOk: "2026-11-22T07:00:00+00:00 data volume UUID=0c1d mounted at /data",
};

/** Which lines each failure must count; every other line of LINES it must not. */
const EXPECTED: Record<string, (keyof typeof LINES)[]> = {
    "tomcat-out-of-memory": ["tomcatOom", "tomcatOomSevere"],
    "tomcat-severe": ["tomcatOomSevere", "tomcatSevere"],
    "mysql-crash-recovery": ["mysqlNotShutdown", "mysqlCrashRecovery", "mysqlSignal"],
    "mysql-out-of-memory": ["mysqlOom"],
    "userdata-failure": ["userdataVolume", "userdataAgent"],
};

describe("SigmaLogs failure filters against real log lines", () => {
    it("covers exactly the failures the component defines", () => {
        assert.deepStrictEqual(SIGMA_LOG_FAILURES.map((f) => f.id).sort(), Object.keys(EXPECTED).sort());
    });
    for (const failure of SIGMA_LOG_FAILURES) {
        for (const [label, line] of Object.entries(LINES)) {
            const expected = EXPECTED[failure.id].includes(label as keyof typeof LINES);
            it(`${failure.id} ${expected ? "counts" : "ignores"} ${label}`, () => {
                assert.strictEqual(filterPatternMatches(failure.pattern, line), expected, `${failure.pattern} on ${line}`);
            });
        }
    }

    it("the boot script's agent failure message is the line userdata-failure counts", () => {
        const script = cloudWatchAgentBootScript("/sigma/prod/cloudwatch-agent");
        const message = /echo "([^"]*missing data)"/.exec(script)?.[1];
        assert.strictEqual(message, LINES.userdataAgent);
    });
});

describe("the agent logs set-up document", () => {
    const script = agentLogsSetupScript("/sigma/prod/cloudwatch-agent-logs", "/sigma/sigma/prod/userdata");

    it("appends the logs parameter only when the merged config lacks the stack's first log group", () => {
        assert.match(script, /grep -qF '\/sigma\/sigma\/prod\/userdata' "\$merged"/);
        assert.match(script, /-a append-config -m ec2 -s -c 'ssm:\/sigma\/prod\/cloudwatch-agent-logs'/);
        assert.ok(script.indexOf("grep -qF") < script.indexOf("append-config"), "checks before it restarts the agent");
        assert.doesNotMatch(script, /fetch-config/, "never replaces the metrics config");
    });

    it("is a schema 2.2 Command document running exactly that script on Linux", () => {
        const doc = agentLogsSetupDocument("/sigma/prod/cloudwatch-agent-logs", "/sigma/sigma/prod/userdata") as any;
        assert.strictEqual(doc.schemaVersion, "2.2");
        assert.strictEqual(doc.mainSteps.length, 1);
        assert.strictEqual(doc.mainSteps[0].action, "aws:runShellScript");
        assert.deepStrictEqual(doc.mainSteps[0].precondition, { StringEquals: ["platformType", "Linux"] });
        assert.strictEqual(doc.mainSteps[0].inputs.runCommand.join("\n"), script);
    });

    it("passes shellcheck", function () {
        let shellcheck: string;
        try {
            shellcheck = execFileSync("sh", ["-c", "command -v shellcheck"], { encoding: "utf8" }).trim();
        } catch {
            // Not a silent pass: the suite says why it could not check.
            this.skip();
            return;
        }
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sigma-logs-")), "setup.sh");
        fs.writeFileSync(file, script);
        execFileSync(shellcheck, ["-s", "bash", file], { encoding: "utf8" });
    });
});
