import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The package as another team gets it. A git install (npm clones the repository, installs its dependencies, runs
 * `prepare`, then packs) and a tarball made by `npm pack` both start from the sources without dist/: packing a copy
 * of the working tree without dist/ must build the library (the `prepare` script), and the tarball installed into a
 * scratch consumer, next to the peer dependencies the consumer provides, must run a Pulumi program under mocks.
 * (https://docs.npmjs.com/cli/v10/using-npm/scripts#life-cycle-scripts: prepare runs on `npm pack` and on git installs.)
 */
const ROOT = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** The files git would hand over: tracked plus untracked-but-not-ignored (a clone of this change). */
function sourceFiles(): string[] {
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
    return out.split("\0").filter((file) => file !== "" && fs.existsSync(path.join(ROOT, file)));
}

function copyInto(dir: string, files: string[]): void {
    for (const file of files) {
        fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    }
}

/** Links a package of this checkout's node_modules into `modules` (what npm would install for the consumer). */
function linkPackage(modules: string, name: string): void {
    const target = path.join(modules, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules", name), target, "dir");
}

describe("packaging: the library as a git or tarball install delivers it", function () {
    this.timeout(300000);
    let work: string;
    let tarball: string;
    let files: string[];

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-pack-"));
        const clone = path.join(work, "clone");
        copyInto(clone, sourceFiles());
        assert.ok(!fs.existsSync(path.join(clone, "dist")), "the copy must start without dist/, as a git clone does");
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
        const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
            cwd: clone, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_json: "true" },
        }));
        tarball = path.join(work, packed[0].filename);
        files = packed[0].files.map((f: { path: string }) => f.path);
    });

    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("packs the built library, its model and the restore handler bundle, and nothing of the program or its tests", () => {
        for (const needed of ["package.json", manifest.main, manifest.types, manifest.exports["."].default, manifest.exports["."].types,
            "dist/components/restore/handler.bundle.js", "dist/model/cidr.js"]) {
            assert.ok(files.includes(needed.replace(/^\.\//, "")), `${needed} is not in the package`);
        }
        for (const file of files) {
            // npm always packs a declared bin; in a package it only says where the offline commands run (tested below).
            const bin = Object.values(manifest.bin ?? {}) as string[];
            assert.ok(file === "package.json" || file === "README.md" || bin.includes(file) || file.startsWith("dist/components/") || file.startsWith("dist/model/"), `${file} should not ship`);
            assert.ok(!/\.test\.|\/test\//.test(file), `${file} is a test`);
        }
    });

    it("declares the Pulumi SDKs as peer dependencies (one runtime in the consumer's program), pinned only for development", () => {
        for (const sdk of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx"]) {
            assert.ok(manifest.peerDependencies?.[sdk], `${sdk} is not a peer dependency`);
            assert.strictEqual(manifest.dependencies?.[sdk], undefined, `${sdk} is also a dependency: a consumer on another version gets two copies`);
            assert.match(manifest.devDependencies?.[sdk] ?? "", /^\d+\.\d+\.\d+$/, `${sdk} is pinned for CI`);
        }
        assert.strictEqual(manifest.scripts.prepare, "npm run build");
    });

    it("runs a consumer's Pulumi program under mocks from the installed tarball", () => {
        const consumer = path.join(work, "consumer");
        const modules = path.join(consumer, "node_modules");
        const installed = path.join(modules, "@emach", "sigma-pulumi");
        fs.mkdirSync(installed, { recursive: true });
        execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
        // What npm installs beside it: the package's dependencies and the consumer's own Pulumi SDKs (the peers).
        for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) {
            linkPackage(modules, name);
        }
        fs.writeFileSync(path.join(consumer, "program.js"), `
const pulumi = require("@pulumi/pulumi");
const types = [];
pulumi.runtime.setMocks({
    newResource: (args) => { types.push(args.type); return { id: args.name + "-id", state: { ...args.inputs, arn: "arn:aws:iam::123456789012:role/" + args.name } }; },
    call: (args) => args.token === "aws:index/getCallerIdentity:getCallerIdentity" ? { accountId: "123456789012" }
        : args.token === "aws:index/getPartition:getPartition" ? { partition: "aws" }
        : args.token === "aws:index/getRegion:getRegion" ? { name: "ap-southeast-1", region: "ap-southeast-1" } : {},
}, "consumer", "dev", false);
const { SigmaInstance, SigmaSecurityGroups } = require("@emach/sigma-pulumi");
const groups = new SigmaSecurityGroups("reporting", { vpcId: "vpc-0123456789abcdef0", appCidrs: ["10.20.0.0/16"] });
const sigma = new SigmaInstance("reporting", { subnetId: "subnet-0123456789abcdef0", securityGroupIds: [groups.appSecurityGroupId], amiId: "ami-0123456789abcdef0" });
sigma.instanceId.apply(() => setTimeout(() => console.log(JSON.stringify([...new Set(types)].sort())), 200));
`);
        const out = execFileSync(process.execPath, ["program.js"], { cwd: consumer, encoding: "utf8" });
        const registered: string[] = JSON.parse(out.trim().split("\n").pop() as string);
        for (const type of ["sigma:compute:SigmaInstance", "sigma:network:SigmaSecurityGroups", "aws:ec2/instance:Instance", "aws:ebs/volume:Volume"]) {
            assert.ok(registered.includes(type), `${type} not registered: ${registered.join(", ")}`);
        }
        // The bin installed with the package explains that the offline commands need a checkout, exit 2, no stack trace.
        const binFile = path.join(installed, manifest.bin["sigma-offline"]);
        let failure: { status?: number; stderr?: string } = {};
        try {
            execFileSync(process.execPath, [binFile, "synth", "dev"], { cwd: consumer, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        } catch (err) {
            failure = err as { status?: number; stderr?: string };
        }
        assert.strictEqual(failure.status, 2);
        assert.match(failure.stderr ?? "", /runs in a checkout of the sigma program/);
        assert.doesNotMatch(failure.stderr ?? "", /\n\s+at /, "a stack trace");
        // The SDK the library used is the consumer's own copy: one @pulumi/pulumi in the program.
        const resolved = execFileSync(process.execPath, ["-e", "console.log(require.resolve('@pulumi/pulumi', { paths: [require.resolve('@emach/sigma-pulumi')] }))"], { cwd: consumer, encoding: "utf8" }).trim();
        assert.ok(fs.realpathSync(resolved).startsWith(fs.realpathSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi"))), resolved);
    });
});
