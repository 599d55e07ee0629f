import * as assert from "assert";
import * as fs from "fs";
import { main as planMain } from "../../../offline/plan/cli";
import { main as synthMain } from "../../../offline/synth/cli";
import { answersReference, localStackOf, parseStackOutputs, StackReferenceError } from "../../../offline/synth/stackReferences";
import { synthesize, SynthResult } from "../../../offline/synth/synthesize";
import { bufferedIo, prodNamingDrStack, ROOT, tempProject } from "../tempProject";

/** prod's backup settings without a copy ARN, so sigma:drStack can name the destination. */
const BACKUP = { frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, vaultLock: true, protect: true };
const OTHER_DR_VAULT = "arn:aws:backup:ap-southeast-2:210987654321:backup-vault:SigmaDrBackupVault-elsewhere";

const copyDestinations = (synth: SynthResult): unknown[] => synth.resources.filter((r) => r.type === "aws:backup/plan:Plan")
    .flatMap((plan) => (plan.inputs.rules as Array<{ copyActions?: Array<{ destinationVaultArn: string }> }>)
        .flatMap((rule) => (rule.copyActions ?? []).map((copy) => copy.destinationVaultArn)));

describe("synth: sigma:drStack offline", function () {
    this.timeout(120000);
    let drVaultArn: unknown;

    before(async () => {
        drVaultArn = (await synthesize({ stack: "dr" })).outputs.DrBackupVaultArn;
        assert.match(String(drVaultArn), /^arn:aws:backup:ap-southeast-2:\d{12}:backup-vault:/);
    });

    it("prod with sigma:drStack dr (a config override) copies to the dr synth's DrBackupVaultArn", async () => {
        const prod = await synthesize({ stack: "prod", configOverrides: { "sigma:backup": BACKUP, "sigma:drStack": "dr" } });
        assert.deepStrictEqual(copyDestinations(prod), [drVaultArn]);
    });

    it("a reference names a local stack as <stack>, <project>/<stack> or <org>/<project>/<stack> of this project", () => {
        for (const name of ["dr", "sigma/dr", "acme/sigma/dr"]) {
            assert.deepStrictEqual(localStackOf(name, "sigma", ROOT), { stack: "dr" }, name);
        }
        assert.match((localStackOf("acme/other/dr", "sigma", ROOT) as { problem: string }).problem, /names project "other"/);
        for (const [given, name, answers] of [["dr", "acme/sigma/dr", true], ["sigma/dr", "acme/sigma/dr", true], ["r", "acme/sigma/dr", false], ["dr", "dr", true]] as const) {
            assert.strictEqual(answersReference(given, name), answers, `${given} answers ${name}`);
        }
    });

    const refused: Array<[string, string, Record<string, Record<string, unknown>> | undefined, RegExp]> = [
        ["another project's stack", "acme/other/dr", undefined,
            /^sigma:drStack "acme\/other\/dr" cannot be answered offline: it names project "other".*; pass --stack-output acme\/other\/dr\.DrBackupVaultArn=arn:aws:backup:<region>:<account>:backup-vault:<name>, or set sigma:backup\.copyToVaultArn instead$/],
        ["a stack with no file here", "dr-west", undefined, /^sigma:drStack "dr-west" cannot be answered offline: there is no Pulumi\.dr-west\.yaml here \(the stacks here are: .*\); pass --stack-output dr-west\.DrBackupVaultArn=/],
        ["a stack without the output", "dev", undefined, /^sigma:drStack "dev": stack "dev" has no output DrBackupVaultArn \(its outputs: .*\); name a stack that has, or pass --stack-output dev\.DrBackupVaultArn=/],
        ["outputs given without the one read", "dr", { dr: { VaultArn: OTHER_DR_VAULT } }, /^sigma:drStack "dr" reads DrBackupVaultArn, which --stack-output does not give for stack "dr"; pass --stack-output dr\.DrBackupVaultArn=/],
        ["a given output that is no vault ARN", "dr", { dr: { DrBackupVaultArn: "SigmaDrBackupVault-dr" } }, /^sigma:drStack "dr" reads DrBackupVaultArn, and --stack-output dr\.DrBackupVaultArn=SigmaDrBackupVault-dr is not a backup vault ARN; pass/],
    ];
    for (const [label, drStack, stackReferences, message] of refused) {
        it(`refuses ${label} in one line naming the key, the value and the fix`, async () => {
            await assert.rejects(synthesize({ stack: "prod", configOverrides: { "sigma:backup": BACKUP, "sigma:drStack": drStack }, stackReferences }),
                (err: Error) => err instanceof StackReferenceError && message.test(err.message) && !err.message.includes("\n"));
        });
    }

    it("refuses two stacks that name each other, before running either", async () => {
        const dir = tempProject({ east: prodNamingDrStack("west"), west: prodNamingDrStack("east") });
        try {
            await assert.rejects(synthesize({ stack: "east", projectDir: dir }),
                /^StackReferenceError: sigma:drStack "east" refers back to a stack that refers to it \(east -> west -> east\)/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("through the CLIs, in a project whose prod names sigma:drStack acme/sigma/dr", () => {
        let dir: string;
        before(() => {
            dir = tempProject({ prod: prodNamingDrStack("acme/sigma/dr"), dr: "copy" });
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("synth prod prints a document whose copy goes to the dr synth's vault", async () => {
            const io = bufferedIo();
            assert.strictEqual(await synthMain(["prod"], io, { projectDir: dir }), 0, io.stderr.text);
            assert.deepStrictEqual(copyDestinations(JSON.parse(io.stdout.text)), [drVaultArn]);
        });

        it("synth prod --stack-output dr.DrBackupVaultArn=... (the reference's last part) copies there instead of the dr synth's", async () => {
            const io = bufferedIo();
            assert.strictEqual(await synthMain(["prod", "--stack-output", `dr.DrBackupVaultArn=${OTHER_DR_VAULT}`], io, { projectDir: dir }), 0, io.stderr.text);
            assert.deepStrictEqual(copyDestinations(JSON.parse(io.stdout.text)), [OTHER_DR_VAULT]);
        });

        it("plan prod --json plans the copy (cost.totalUsd kept)", async () => {
            const io = bufferedIo();
            assert.strictEqual(await planMain(["prod", "--json"], io, { projectDir: dir }), 0, io.stderr.text);
            const plan = JSON.parse(io.stdout.text);
            assert.strictEqual(typeof plan.cost.totalUsd, "number");
            assert.strictEqual(plan.stack, "prod");
        });
    });
});

describe("--stack-output values", () => {
    it("reads <stack>.<Output>=<value> with qualified and dotted stack names and values holding '='", () => {
        const problems: string[] = [];
        assert.deepStrictEqual(parseStackOutputs(["dr.DrBackupVaultArn=a", "acme/sigma/dr.X=b=c", "dr.v2.Y=d", "dr.Z=e"], problems), {
            "dr": { DrBackupVaultArn: "a", Z: "e" }, "acme/sigma/dr": { X: "b=c" }, "dr.v2": { Y: "d" },
        });
        assert.deepStrictEqual(problems, []);
    });

    it("names each malformed or contradicting value", () => {
        const problems: string[] = [];
        parseStackOutputs(["dr", "dr.X=", ".X=a", "dr.=a", "../dr.X=a", "a/b/c/d.X=a", "dr.X=1", "dr.X=2"], problems);
        assert.deepStrictEqual(problems.map((p) => /^--stack-output (".*?"|gives \S+)/.exec(p)?.[1]),
            ['"dr"', '"dr.X="', '".X=a"', '"dr.=a"', '"../dr.X=a"', '"a/b/c/d.X=a"', "gives dr.X"]);
    });
});
