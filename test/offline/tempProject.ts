import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";

export const ROOT = path.join(__dirname, "..", "..");

/**
 * A Pulumi project in a temporary directory that runs this repository's program (index.ts and stacks/ linked) with
 * the stack files given (each a config object, or "copy" for the repository's own file). Remove it with fs.rmSync.
 */
export function tempProject(stacks: Record<string, Record<string, unknown> | "copy">, program?: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-project-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    if (program === undefined) {
        fs.symlinkSync(path.join(ROOT, "index.ts"), path.join(dir, "index.ts"));
        fs.symlinkSync(path.join(ROOT, "stacks"), path.join(dir, "stacks"));
    } else {
        fs.writeFileSync(path.join(dir, "index.ts"), program);
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    }
    for (const [stack, config] of Object.entries(stacks)) {
        const file = `Pulumi.${stack}.yaml`;
        if (config === "copy") {
            fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
        } else {
            fs.writeFileSync(path.join(dir, file), yaml.dump({ config }));
        }
    }
    return dir;
}

/** The repository's prod config with its copy destination named by `sigma:drStack` instead of a vault ARN. */
export function prodNamingDrStack(drStack: string): Record<string, unknown> {
    const prod = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, any> };
    const backup = { ...prod.config["sigma:backup"] };
    delete backup.copyToVaultArn;
    return { ...prod.config, "sigma:backup": backup, "sigma:drStack": drStack };
}

/** An io for a CLI's main that keeps what it writes. */
export function bufferedIo(): { stdout: { write(text: string): boolean; text: string }; stderr: { write(text: string): boolean; text: string } } {
    const sink = () => ({ text: "", write(text: string) { this.text += text; return true; } });
    return { stdout: sink(), stderr: sink() };
}
