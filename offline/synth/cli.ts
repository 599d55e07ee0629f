import * as fs from "fs";
import { synthesize } from "./synthesize";

/** `npm run synth -- <stack> [--out FILE]`: the program under Pulumi's mock runtime, as JSON. */
async function main(argv: string[]): Promise<number> {
    const outIndex = argv.indexOf("--out");
    const out = outIndex >= 0 ? argv[outIndex + 1] : undefined;
    const stack = argv.find((a, i) => !a.startsWith("--") && (outIndex < 0 || i !== outIndex + 1));
    if (!stack || (outIndex >= 0 && !out)) {
        process.stderr.write("usage: npm run synth -- <stack> [--out FILE]\n");
        return 2;
    }
    try {
        const result = await synthesize({ stack });
        const text = JSON.stringify(result, null, 2) + "\n";
        if (out) {
            fs.writeFileSync(out, text);
            process.stderr.write(`wrote ${result.resources.length} resources to ${out}\n`);
        } else {
            process.stdout.write(text);
        }
        return 0;
    } catch (err) {
        process.stderr.write(`synth failed for stack "${stack}":\n${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
