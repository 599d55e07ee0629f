/** The offline command lines: the three CLIs (as their npm scripts) and the `sigma-offline` bin that dispatches to them. */
export type OfflineCli = "synth" | "check" | "plan" | "sigma-offline";

/**
 * The projects a row runs against: the repository itself, or a temporary copy whose prod names its DR stack
 * `acme/other/dr` through sigma:drStack (a stack of another project, which no local synth can answer).
 */
export type RefusalProject = "repository" | "prod-drstack-elsewhere";

/** One wrong command line: it must exit 2, print nothing on stdout, and name the argument and the value on stderr. */
export interface CliRefusalRow {
    cli: OfflineCli;
    argv: string[];
    exit: 2;
    /** Matches the one-line problem on stderr: the argument, its value and the accepted form. */
    stderr: RegExp;
    project?: RefusalProject;
}

const MISSING_DIR = "/nonexistent-sigma-dir";
const DR_ARN = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
const row = (cli: OfflineCli, argv: string[], stderr: RegExp, project?: RefusalProject): CliRefusalRow =>
    ({ cli, argv, exit: 2, stderr, ...(project ? { project } : {}) });

/** Every refused command line of the offline CLIs, one row per bad input (counted into the project's bad-input table). */
export function cliRefusalRows(): CliRefusalRow[] {
    return [
        // npm run synth -- ...
        row("synth", [], /no stack given; name one, e\.g\. npm run synth -- dev/),
        row("synth", ["dev", "prod"], /extra argument "prod": synth takes one stack; run it once per stack/),
        row("synth", ["dev", "--verbose"], /unknown flag "--verbose"; the flags are --out FILE, --stack-output/),
        row("synth", ["dev", "-o", "dev.json"], /unknown flag "-o"; the flags are --out FILE/),
        row("synth", ["dev", "--json"], /unknown flag "--json"; the flags are --out FILE/),
        row("synth", ["dev", "--"], /unknown flag "--"; the flags are/),
        row("synth", ["dev", "--out"], /--out needs a value \(FILE\), got nothing; e\.g\. --out \/tmp\/dev\.json/),
        row("synth", ["dev", "--out", "--stack-output"], /--out needs a value \(FILE\), got the flag "--stack-output"/),
        row("synth", ["dev", "--out", "a.json", "--out", "b.json"], /--out given twice \("a\.json" and "b\.json"\); give it once/),
        row("synth", ["../x"], /stack "\.\.\/x" is not a stack name \(letters, digits.*; the stacks here are: .*dev/),
        row("synth", ["a/b"], /stack "a\/b" is not a stack name/),
        row("synth", [""], /stack "" is not a stack name/),
        row("synth", [".."], /stack "\.\." is not a stack name/),
        row("synth", ["staging"], /stack "staging" has no Pulumi\.staging\.yaml; the stacks here are: .*dev/),
        row("synth", ["dev", "--out", `${MISSING_DIR}/dev.json`], /--out "\/nonexistent-sigma-dir\/dev\.json": directory \/nonexistent-sigma-dir does not exist; create it first/),
        row("synth", ["dev", `--out=${MISSING_DIR}/dev.json`], /--out "\/nonexistent-sigma-dir\/dev\.json": directory .* does not exist/),
        row("synth", ["dev", "--out", "."], /--out "\." is a directory; give a file in it/),
        row("synth", ["dev", "--stack-output", "dr"], /--stack-output "dr" is not <stack>\.<Output>=<value>; e\.g\. --stack-output dr\.DrBackupVaultArn=arn:/),
        row("synth", ["dev", "--stack-output", "../dr.DrBackupVaultArn=x"], /--stack-output "\.\.\/dr\.DrBackupVaultArn=x" is not <stack>\.<Output>=<value>/),
        row("synth", ["dev", "--stack-output", `dr.DrBackupVaultArn=${DR_ARN}`], /--stack-output "dr\.DrBackupVaultArn=arn:.*" answers stack "dr", which stack "dev" does not read/),
        row("synth", ["prod"], /sigma:drStack "acme\/other\/dr" cannot be answered offline: it names project "other".*; pass --stack-output acme\/other\/dr\.DrBackupVaultArn=/, "prod-drstack-elsewhere"),
        row("synth", ["prod", "--stack-output", "acme/other/dr.DrBackupVaultArn=vault"], /sigma:drStack "acme\/other\/dr" reads DrBackupVaultArn, and --stack-output acme\/other\/dr\.DrBackupVaultArn=vault is not a backup vault ARN/, "prod-drstack-elsewhere"),
        row("synth", ["prod", "--stack-output", "acme/other/dr.DrBackupVaultArn=arn:aws:backup:ap-southeast-1:123456789012:backup-vault:Same"], /--stack-output acme\/other\/dr\.DrBackupVaultArn=arn:.* is in ap-southeast-1, the referring stack's own region/, "prod-drstack-elsewhere"),
        row("synth", ["prod", "--stack-output", "acme/other/dr.VaultArn=x"], /sigma:drStack "acme\/other\/dr" reads DrBackupVaultArn, which --stack-output does not give for stack "acme\/other\/dr"/, "prod-drstack-elsewhere"),
        // npm run policy:check -- ...
        row("check", [], /name a stack, --from SYNTH\.json or --all \(the stacks here are: .*dev/),
        row("check", ["dev", "prod"], /give one stack, not 2 \(dev, prod\); use --all for every stack/),
        row("check", ["../x"], /stack "\.\.\/x" is not a stack name/),
        row("check", ["dev", "--from", "dev.json"], /give only one of <stack>, --from and --all, not stack "dev" and --from "dev\.json"/),
        row("check", ["--from"], /--from needs a value \(SYNTH\.json\), got nothing/),
        row("check", ["--from", "--json"], /--from needs a value \(SYNTH\.json\), got the flag "--json"/),
        row("check", ["--from", `${MISSING_DIR}/dev.json`], /--from "\/nonexistent-sigma-dir\/dev\.json" does not exist; give an existing file/),
        row("check", ["--from", "package.json"], /--from package\.json: not a synth document/),
        row("check", ["dev", "--config", `${MISSING_DIR}/c.json`], /--config "\/nonexistent-sigma-dir\/c\.json" does not exist/),
        row("check", ["dev", "--config", "package.json"], /--config "package\.json": Invalid policy config package\.json .*\n  - name "@emach\/sigma-pulumi" names no policy of the pack/),
        row("check", ["--all", "--config", "policy/config/prod.json"], /--config "policy\/config\/prod\.json" with --all: --all uses each stack's own policy\/config\/<stack>\.json/),
        row("check", ["dev", "--strict"], /unknown flag "--strict"; the flags are --from SYNTH\.json, --config FILE, --all, --json/),
        row("check", ["dev", "--json=yes"], /--json takes no value, got "yes"; write --json alone/),
        row("check", ["nosuch"], /stack "nosuch" has no Pulumi\.nosuch\.yaml/),
        row("check", ["--from", "dev.json", "--stack-output", `dr.DrBackupVaultArn=${DR_ARN}`], /--stack-output with --from "dev\.json": the document is already synthesised/),
        row("check", ["prod"], /sigma:drStack "acme\/other\/dr" cannot be answered offline/, "prod-drstack-elsewhere"),
        row("check", ["dev", "--format", "xml"], /--format "xml" is not a format; use one of text, json, sarif, junit, e\.g\. --format sarif/),
        row("check", ["dev", "--format"], /--format needs a value \(FORMAT\), got nothing; e\.g\. --format sarif/),
        row("check", ["dev", "--json", "--format", "sarif"], /--json with --format "sarif": --json means --format json; give one of them/),
        row("check", ["dev", "--format", "sarif", "--out", `${MISSING_DIR}/r.sarif`], /--out "\/nonexistent-sigma-dir\/r\.sarif": directory \/nonexistent-sigma-dir does not exist; create it first/),
        row("check", ["dev", "--out", "."], /--out "\." is a directory; give a file in it/),
        row("check", ["dev", "--format", "sarif", "--source-root", MISSING_DIR], /--source-root "\/nonexistent-sigma-dir" is not a directory; give the checkout the synth came from/),
        // npm run plan -- ...
        row("plan", [], /no stack given; name one, e\.g\. npm run plan -- dev/),
        row("plan", ["dev", "prod"], /extra argument "prod": plan takes one stack; compare two with --compare <stack>/),
        row("plan", ["dev", "--hours", "-5"], /--hours "-5" is not valid; give a number from 0 to 744/),
        row("plan", ["dev", "--change-rate", "150%"], /--change-rate "150%" is not valid; give a fraction from 0 to 1/),
        row("plan", ["dev", "--nat-gb"], /--nat-gb needs a value \(N\), got nothing; e\.g\. --nat-gb 100/),
        row("plan", ["dev", "--compare"], /--compare needs a value \(STACK\), got nothing; e\.g\. --compare prod/),
        row("plan", ["dev", "--compare", "../y"], /--compare "\.\.\/y" is not a stack name/),
        row("plan", ["dev", "--compare", "nosuch"], /--compare "nosuch": stack "nosuch" has no Pulumi\.nosuch\.yaml/),
        row("plan", ["dev", "--jsn"], /unknown flag "--jsn"; the flags are --json, --compare STACK/),
        row("plan", ["dev", "--hours", "1", "--hours", "2"], /--hours given twice \("1" and "2"\); give it once/),
        row("plan", ["dev", "--policy-config", `${MISSING_DIR}/p.json`], /--policy-config "\/nonexistent-sigma-dir\/p\.json" does not exist/),
        row("plan", ["nosuch", "--json"], /stack "nosuch" has no Pulumi\.nosuch\.yaml/),
        row("plan", ["a/b"], /stack "a\/b" is not a stack name/),
        row("plan", ["prod", "--json"], /sigma:drStack "acme\/other\/dr" cannot be answered offline/, "prod-drstack-elsewhere"),
        // npx sigma-offline ...
        row("sigma-offline", [], /no command given; use one of synth, check, plan/),
        row("sigma-offline", ["deploy", "dev"], /command "deploy" is not known; use one of synth, check, plan/),
        row("sigma-offline", ["--verbose"], /command "--verbose" is not known/),
        row("sigma-offline", ["synth", "../x"], /stack "\.\.\/x" is not a stack name/),
        row("sigma-offline", ["synth", "dev", "extra"], /extra argument "extra": synth takes one stack/),
        row("sigma-offline", ["check", "dev", "--verbose"], /unknown flag "--verbose"/),
        row("sigma-offline", ["plan", "dev", "--compare"], /--compare needs a value/),
        // npm run adopt -- ... (through the bin: the same main)
        row("sigma-offline", ["adopt"], /no stack given; name one, e\.g\. npm run adopt -- dev.*\nno --stack-resources given; give one file per vendor stack/),
        row("sigma-offline", ["adopt", "dev", "prod", "--stack-resources", "a.json"], /extra argument "prod": adopt takes one stack; adopt one target stack at a time/),
        row("sigma-offline", ["adopt", "../x", "--stack-resources", "a.json"], /stack "\.\.\/x" is not a stack name/),
        row("sigma-offline", ["adopt", "staging", "--stack-resources", "package.json"], /stack "staging" has no Pulumi\.staging\.yaml/),
        row("sigma-offline", ["adopt", "dev"], /no --stack-resources given; give one file per vendor stack, e\.g\. --stack-resources sigma-app-stack\.json/),
        row("sigma-offline", ["adopt", "dev", "--stack-resources"], /--stack-resources needs a value \(FILE\), got nothing; e\.g\. --stack-resources sigma-app-stack\.json/),
        row("sigma-offline", ["adopt", "dev", "--stack-resources", `${MISSING_DIR}/a.json`], /--stack-resources "\/nonexistent-sigma-dir\/a\.json" does not exist; give an existing file/),
        row("sigma-offline", ["adopt", "dev", "--stack-resources", "package.json"], /--stack-resources "package\.json" has no "StackResources" list; give the output of aws cloudformation describe-stack-resources/),
        row("sigma-offline", ["adopt", "dev", "--stack-resources", "test/fixtures/cloudformation/sigma-app-stack.json", "--out", "."], /--out "\." is a directory; give a file in it/),
        row("sigma-offline", ["adopt", "dev", "--stack-resources", "test/fixtures/cloudformation/sigma-app-stack.json", "--runbook", `${MISSING_DIR}/r.json`], /--runbook "\/nonexistent-sigma-dir\/r\.json": directory \/nonexistent-sigma-dir does not exist/),
        row("sigma-offline", ["adopt", "dev", "--stack-resources", "test/fixtures/cloudformation/sigma-app-stack.json", "--format", "json"], /unknown flag "--format"; the flags are --stack-resources FILE, --out FILE, --runbook FILE/),
    ];
}
