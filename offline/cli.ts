import { CliContext, CliIo, CliMain, PROCESS_IO, refuse, runAsProcess } from "./cliArgs";
import { main as adoptMain } from "./adopt/cli";
import { main as checkMain } from "./check/cli";
import { main as planMain } from "./plan/cli";
import { main as synthMain } from "./synth/cli";

/** The offline commands behind the `sigma-offline` bin; each takes exactly the arguments of its npm script. */
export const OFFLINE_COMMANDS: Record<string, { main: CliMain; script: string }> = {
    synth: { main: synthMain, script: "npm run synth -- <stack> [--out FILE]" },
    check: { main: checkMain, script: "npm run policy:check -- <stack> | --from FILE | --all [--config FILE] [--format text|json|sarif|junit] [--out FILE]" },
    plan: { main: planMain, script: "npm run plan -- <stack> [--json] [--compare <stack>]" },
    adopt: { main: adoptMain, script: "npm run adopt -- <target stack> --stack-resources FILE... [--out FILE] [--runbook FILE]" },
};

export const OFFLINE_USAGE = [
    "usage: sigma-offline <command> [arguments]   (from the repository: npx sigma-offline, or node offline/sigma-offline.js)",
    ...Object.entries(OFFLINE_COMMANDS).map(([name, c]) => `  sigma-offline ${name.padEnd(5)} ...  same arguments as ${c.script}`),
    "  sigma-offline <command> --help      that command's usage",
].join("\n");

/** `sigma-offline <synth|check|plan> ...`: dispatches to the command's own main with the remaining arguments. */
export async function main(argv: string[], io: CliIo = PROCESS_IO, context: CliContext = {}): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "--help" || command === "-h" || command === "help") {
        io.stdout.write(`${OFFLINE_USAGE}\n`);
        return 0;
    }
    const names = Object.keys(OFFLINE_COMMANDS).join(", ");
    if (command === undefined) {
        return refuse(io, [`no command given; use one of ${names}, e.g. sigma-offline synth dev`], OFFLINE_USAGE);
    }
    const target = Object.prototype.hasOwnProperty.call(OFFLINE_COMMANDS, command) ? OFFLINE_COMMANDS[command] : undefined;
    if (!target) {
        return refuse(io, [`command ${JSON.stringify(command)} is not known; use one of ${names}, e.g. sigma-offline synth dev`], OFFLINE_USAGE);
    }
    return target.main(rest, io, context);
}

if (require.main === module) {
    runAsProcess(main);
}
