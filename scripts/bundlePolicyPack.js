#!/usr/bin/env node
// Writes the sigma-guard policy pack as a self-contained folder that `pulumi policy publish <dir>` can pack on its own:
// PulumiPolicy.yaml, a package.json that depends only on @pulumi/policy and @pulumi/pulumi, and one index.js bundling
// policy/ with the model/ files it imports and their npm packages (aws-cron-parser, ipaddr.js, ...).
// `pulumi policy publish` packs only the pack's folder, so policy/'s `../model/...` imports would be missing there.
//
//   node scripts/bundlePolicyPack.js [outDir]     (outDir defaults to policy/dist)
//   cd <outDir> && npm install && pulumi policy publish
"use strict";
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const ROOT = path.join(__dirname, "..");
const POLICY_DIR = path.join(ROOT, "policy");
/** The packages the Pulumi CLI's policy host provides from the pack's own node_modules: left out of the bundle. */
const RUNTIME_PACKAGES = ["@pulumi/policy", "@pulumi/pulumi"];

/** Refuses to empty a folder this script did not write (it may hold someone's work). */
function prepareOutDir(outDir, packName) {
    if (fs.existsSync(outDir)) {
        const entries = fs.readdirSync(outDir);
        const manifest = path.join(outDir, "package.json");
        const ours = fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === packName;
        if (entries.length > 0 && !ours) {
            throw new Error(`${outDir} is not empty and holds no ${packName} bundle; give an empty or new folder`);
        }
        fs.rmSync(outDir, { recursive: true, force: true });
    }
    fs.mkdirSync(outDir, { recursive: true });
}

/** True when an import the bundle leaves to run time is one of the runtime packages (or a file inside one). */
function isRuntimePackage(specifier) {
    return RUNTIME_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

async function bundlePolicyPack(outDir) {
    const manifest = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8"));
    const missing = RUNTIME_PACKAGES.filter((name) => !manifest.dependencies?.[name]);
    if (missing.length > 0) {
        throw new Error(`policy/package.json does not depend on ${missing.join(", ")}; the bundle's package.json takes their versions from there`);
    }
    prepareOutDir(outDir, manifest.name);
    const result = await esbuild.build({
        absWorkingDir: ROOT,
        entryPoints: [path.join(POLICY_DIR, "index.ts")],
        outfile: path.join(outDir, "index.js"),
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        tsconfig: path.join(POLICY_DIR, "tsconfig.json"),
        external: RUNTIME_PACKAGES.flatMap((name) => [name, `${name}/*`]),
        sourcemap: true,
        metafile: true,
        logLevel: "warning",
    });
    // Everything else must be inside index.js: a require left to run time would fail where only the runtime packages exist.
    const leftOut = Object.values(result.metafile.outputs).flatMap((output) => output.imports)
        .filter((imported) => imported.external && !imported.path.startsWith("node:") && !require("module").isBuiltin(imported.path) && !isRuntimePackage(imported.path))
        .map((imported) => imported.path);
    if (leftOut.length > 0) {
        throw new Error(`the bundle would require ${[...new Set(leftOut)].join(", ")} at run time; bundle them or add them to the pack's dependencies`);
    }
    fs.copyFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), path.join(outDir, "PulumiPolicy.yaml"));
    const bundledManifest = {
        name: manifest.name,
        version: manifest.version,
        description: manifest.description,
        license: manifest.license,
        private: true,
        main: "index.js",
        dependencies: Object.fromEntries(RUNTIME_PACKAGES.map((name) => [name, manifest.dependencies[name]])),
    };
    fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(bundledManifest, null, 2)}\n`);
    const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes("node_modules/"));
    return { outDir, files: fs.readdirSync(outDir).sort(), sources };
}

module.exports = { bundlePolicyPack, RUNTIME_PACKAGES };

if (require.main === module) {
    const outDir = path.resolve(process.argv[2] ?? path.join(POLICY_DIR, "dist"));
    bundlePolicyPack(outDir).then(({ files, sources }) => {
        console.log(`wrote ${files.join(", ")} to ${outDir} (${sources.length} project files bundled)`);
    }, (err) => {
        console.error(`bundlePolicyPack: ${err.message}`);
        process.exit(1);
    });
}
