import * as assert from "assert";
import { spawnSync } from "child_process";
import Ajv from "ajv";
import { MYSQL_DATA_DIR, mysqlMigrationDocument, migrationScript } from "../../../offline/adopt/mysqlMigrationDocument";

/**
 * The shape of an SSM Command document, schemaVersion 2.2, with aws:runShellScript steps, written from AWS's pages:
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-schemas-features.html (top-level schemaVersion,
 * description, parameters, mainSteps; each step action, name, inputs; step names unique, [a-zA-Z0-9_.-]) and
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-command-ssm-plugin-reference.html#aws-runShellScript
 * (inputs: runCommand required, a list of commands or one string; timeoutSeconds optional; workingDirectory optional).
 * Parameter types: https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html
 */
const COMMAND_DOCUMENT_2_2 = {
    type: "object",
    required: ["schemaVersion", "mainSteps"],
    additionalProperties: false,
    properties: {
        schemaVersion: { const: "2.2" },
        description: { type: "string" },
        parameters: {
            type: "object",
            additionalProperties: {
                type: "object", required: ["type"],
                properties: {
                    type: { enum: ["String", "StringList", "Boolean", "Integer", "MapList", "StringMap"] },
                    description: { type: "string" }, default: {}, allowedPattern: { type: "string" }, allowedValues: { type: "array" },
                },
                additionalProperties: false,
            },
        },
        mainSteps: {
            type: "array", minItems: 1,
            items: {
                type: "object", required: ["action", "name", "inputs"], additionalProperties: false,
                properties: {
                    action: { const: "aws:runShellScript" },
                    name: { type: "string", pattern: "^[a-zA-Z0-9_.-]+$" },
                    precondition: { type: "object" },
                    inputs: {
                        type: "object", required: ["runCommand"], additionalProperties: false,
                        properties: {
                            runCommand: { oneOf: [{ type: "array", items: { type: "string" }, minItems: 1 }, { type: "string" }] },
                            timeoutSeconds: { type: "string", pattern: "^[0-9]+$" },
                            workingDirectory: { type: "string" },
                        },
                    },
                },
            },
        },
    },
};

/** The script as SSM runs it: each {{ Parameter }} replaced by a value its allowedPattern accepts. */
function substituted(values: Record<string, string>): string {
    return migrationScript().replace(/\{\{ *(\w+) *\}\}/g, (_, name: string) => values[name]);
}

describe("adopt: the MySQL migration runbook (SSM Command document)", () => {
    const doc = mysqlMigrationDocument();
    const script = migrationScript();
    const sample: Record<string, string> = {
        DataVolumeId: "vol-0123456789abcdef0",
        ...Object.fromEntries(Object.entries(doc.parameters).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default as string])),
    };

    it("is a schemaVersion 2.2 Command document with one aws:runShellScript step running the script line by line", () => {
        const validate = new Ajv({ strict: false }).compile(COMMAND_DOCUMENT_2_2);
        assert.ok(validate(doc), JSON.stringify(validate.errors));
        assert.strictEqual(doc.mainSteps.length, 1);
        assert.deepStrictEqual(doc.mainSteps[0].inputs.runCommand, script.replace(/\n$/, "").split("\n"));
        assert.ok(!validate({ ...doc, schemaVersion: "1.2" }), "the schema refuses another version");
    });

    it("declares every parameter the script uses, uses every one it declares, and pins each with a pattern its default meets", () => {
        const used = [...new Set([...script.matchAll(/\{\{ *(\w+) *\}\}/g)].map((m) => m[1]))].sort();
        assert.deepStrictEqual(used, Object.keys(doc.parameters).sort());
        for (const [name, parameter] of Object.entries(doc.parameters)) {
            const pattern = new RegExp(parameter.allowedPattern);
            assert.ok(pattern.test(sample[name]), `${name} ${sample[name]}`);
            for (const injection of ["x; rm -rf /", "$(reboot)", "a b", "`id`", "vol-0123\"; reboot"]) {
                assert.ok(!pattern.test(injection), `${name} accepts ${injection}`);
            }
        }
    });

    it("runs in order: preflight, stop Tomcat, stop MySQL, copy, verify, switch the mount, start MySQL, mysqlcheck, start Tomcat, check /sigma", () => {
        const steps = [
            "[ -b \"$DEVICE\" ] || fail",
            "blkid -o value -s TYPE",
            "systemctl stop \"$TOMCAT_SERVICE\"",
            "systemctl stop \"$MYSQL_SERVICE\"",
            "pgrep -x mysqld",
            "mkfs.ext4",
            "cp -a \"$DATA_DIR/.\" \"$STAGING/\"",
            "sha256sum --quiet -c",
            "[ \"$SOURCE_COUNT\" -eq \"$COPY_COUNT\" ]",
            "[ \"$SOURCE_SIZE\" -eq \"$COPY_SIZE\" ]",
            "mv \"$DATA_DIR\" \"$DATA_DIR.pre-migration\"",
            "ext4 defaults,nofail 0 2\" >> /etc/fstab",
            "mountpoint -q \"$DATA_DIR\" || fail",
            "systemctl start \"$MYSQL_SERVICE\"",
            "mysqlcheck --defaults-file=\"$MYSQL_DEFAULTS\" --all-databases --check || fail",
            "systemctl start \"$TOMCAT_SERVICE\"",
            "curl -fsS -o /dev/null \"http://127.0.0.1:8080/sigma\"",
        ];
        let at = -1;
        for (const step of steps) {
            const next = script.indexOf(step, at + 1);
            assert.ok(next > at, `"${step}" must come after the step before it`);
            at = next;
        }
        assert.match(script, /^set -euo pipefail$/m);
        assert.match(script, new RegExp(`^DATA_DIR="${MYSQL_DATA_DIR}"$`, "m"));
        assert.ok(script.indexOf("mkfs.ext4") > script.indexOf("already holds a filesystem"), "the blank check precedes the format");
    });

    const shellcheck = spawnSync("shellcheck", ["--version"], { encoding: "utf8" }).status === 0;
    it(shellcheck ? "passes shellcheck (bash) with its parameters substituted"
        : "passes shellcheck: SKIPPED, shellcheck is not installed (Debian package shellcheck: apt-get install -y shellcheck)", function () {
        if (!shellcheck) {
            this.skip();
        }
        const result = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "-"], { input: substituted(sample), encoding: "utf8" });
        assert.strictEqual(result.status, 0, result.stdout + result.stderr);
    });
});
