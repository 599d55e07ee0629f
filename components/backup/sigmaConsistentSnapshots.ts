import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { maxIntervalHours } from "../../model/cron";
import {
    DLM_DOCUMENT_SCHEMA_VERSION, DLM_EVENTS, dlmPolicyArn, DLM_EXECUTION_HANDLER_SERVICE, DLM_EXECUTION_ID_PATTERN, DLM_METRICS, DLM_MIN_SCHEDULE_INTERVAL_HOURS,
    DLM_SCRIPT_COMMANDS, DLM_SCRIPT_EXIT_CODES, DLM_SCRIPT_RETRIES, DLM_SCRIPT_TIMEOUT_SECONDS, DLM_SCRIPTS_ACCESS_TAG, DLM_SSM_DOCUMENT_ACTIONS,
    DLM_SSM_UNSCOPED_ACTIONS,
} from "../../model/dlmScripts";
import { BACKUP_MAX_RETENTION_DAYS } from "../../model/limits";
import { AccountScope, accountScope } from "../shared/accountScope";
import { DATA_MOUNT_PATH, STACK_SCOPE_TAG_KEY, stackScopeTagValue } from "../shared/constants";
import { serviceTrustPolicy } from "../shared/iam";
import { failureCountAlarm } from "../shared/alarms";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { BACKUP_DEFAULTS } from "./backupDefaults";
import { checkWholeNumber } from "./checkWholeNumber";
import { frequencyProblem, scheduleExpression } from "./schedule";

/** Defaults of SigmaConsistentSnapshots, in one place. */
export const CONSISTENT_SNAPSHOT_DEFAULTS = {
    /** The backup plan's default schedule (BACKUP_DEFAULTS): the stacks pass sigma:backup.frequency. */
    frequency: BACKUP_DEFAULTS.frequency,
    /** The backup plan's default retention (the guide's 7 days). */
    retentionDays: BACKUP_DEFAULTS.retentionDays,
    /** The backup plan's DR copy retention. */
    copyRetentionDays: BACKUP_DEFAULTS.copyRetentionDays,
    /** MySQL's data directory on the AMI, where SigmaInstance mounts the data volume. */
    dataMountPath: DATA_MOUNT_PATH,
    /** MySQL's systemd unit on the Sigma AMI (Ubuntu 24.04's mysql-server; components/compute/userData.ts boots it the same way). */
    mysqlService: "mysql.service",
    /** Each script's DLM timeout: room for the lock wait (half of it) plus sync and freeze; DLM allows 10-120 s. */
    scriptTimeoutSeconds: 60,
    /** The auto-thaw of AWS's MySQL template (AUTO_THAW_DURATION_SECS 60): the longest Sigma's writes may stall. */
    freezeLimitSeconds: 60,
    /** One more try of a failed pre script (a long query holding the lock off), then a crash-consistent snapshot. */
    maximumRetryCount: 1,
    /** A crash-consistent snapshot beats none when the lock or freeze fails (DLM's own default). */
    crashConsistentOnFailure: true,
    /** Ubuntu's mysql-server maintenance account (RELOAD and PROCESS privileges), as the adopt runbook uses it. */
    mysqlDefaultsFile: "/etc/mysql/debian.cnf",
    /** tmpfs, root only: never on the volume being frozen. */
    stateDir: "/run/sigma-consistent-snapshot",
};

const SAFE_PATH = /^\/[A-Za-z0-9._/-]{0,200}$/;
const SERVICE_NAME = /^[A-Za-z0-9@._-]{1,100}\.service$/;
const FREEZE_LIMIT_SECONDS = { min: 10, max: 300 };
const RETENTION_DAYS = { min: 1, max: BACKUP_MAX_RETENTION_DAYS };

/** What the pre/post script freezes and locks, and how long it may take. */
export interface FreezeScriptOptions {
    dataMountPath: string;
    mysqlService: string;
    mysqlDefaultsFile: string;
    stateDir: string;
    /** How long the pre script waits for FLUSH TABLES WITH READ LOCK (also MySQL's lock_wait_timeout) and for the freeze. */
    lockWaitSeconds: number;
    /** The watchdog thaws and unlocks this long after the pre script started, whatever else happens. */
    freezeLimitSeconds: number;
}

/** The lock wait a script timeout leaves: half of it, so sync and freeze still fit; at least 5 s. */
export function lockWaitSeconds(scriptTimeoutSeconds: number): number {
    return Math.max(5, Math.floor(scriptTimeoutSeconds / 2));
}

/**
 * The pre/post/dry-run script (bash) the SSM document runs; `{{ command }}` and `{{ executionId }}` are the document's
 * parameters, which SSM substitutes before running it. What it does, in order:
 * - pre-script: refuses (204) while an earlier freeze is still in place, after thawing and unlocking it; refuses (206)
 *   when the data directory is not a mount point or the MySQL client options file is missing; starts a watchdog first
 *   (thaw + unlock after freezeLimitSeconds, whatever happens next); when MySQL runs, a background session takes
 *   FLUSH TABLES WITH READ LOCK and keeps it (AWS's template runs the flush in a session that ends at once, which
 *   releases the lock: https://dev.mysql.com/doc/refman/8.0/en/flush.html#flush-tables-with-read-lock); syncs and
 *   freezes the data volume only (never / or /boot). Any failure thaws and unlocks before exiting 201.
 * - post-script: thaws, then ends the locking session (KILL; a session's end releases its locks); 202 when it cannot,
 *   keeping the watchdog; 203 when the watchdog had already thawed (the snapshot may have started unfrozen); 205 when
 *   no pre script ran.
 * Exit codes are DLM's (model/dlmScripts.ts DLM_SCRIPT_EXIT_CODES).
 */
export function freezeScript(options: FreezeScriptOptions): string {
    const codes = DLM_SCRIPT_EXIT_CODES;
    return `#!/bin/bash
# Sigma: application-consistent snapshots of MySQL's data volume for Amazon Data Lifecycle Manager.
set -uo pipefail
OPERATION="{{ command }}"
EXECUTION_ID="{{ executionId }}"
DATA_DIR="${options.dataMountPath}"
MYSQL_SERVICE="${options.mysqlService}"
MYSQL_DEFAULTS="${options.mysqlDefaultsFile}"
STATE_DIR="${options.stateDir}"
LOCK_WAIT_SECONDS=${options.lockWaitSeconds}
FREEZE_LIMIT_SECONDS=${options.freezeLimitSeconds}
export OPERATION EXECUTION_ID DATA_DIR MYSQL_SERVICE MYSQL_DEFAULTS STATE_DIR LOCK_WAIT_SECONDS FREEZE_LIMIT_SECONDS

log() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) sigma-snapshot $OPERATION ($EXECUTION_ID): $*"
}

# Thaws the data volume; succeeds when it is not frozen afterwards (fsfreeze -u on a thawed file system fails with EINVAL).
thaw_fs() {
  local out
  if out=$(fsfreeze -u "$DATA_DIR" 2>&1); then
    log "thawed $DATA_DIR"
    return 0
  fi
  case "$out" in
    *"Invalid argument"*) return 0 ;;
  esac
  log "ERROR: could not thaw $DATA_DIR: $out"
  return 1
}

# Ends the session holding FLUSH TABLES WITH READ LOCK; succeeds when no such session is left.
release_lock() {
  local id pid
  if [ -s "$STATE_DIR/lock-output" ]; then
    id=$(head -n 1 "$STATE_DIR/lock-output")
    if [[ "$id" =~ ^[0-9]+$ ]] && ! timeout 10 mysql --defaults-file="$MYSQL_DEFAULTS" --batch --skip-column-names -e "KILL $id" > /dev/null 2>&1; then
      if timeout 10 mysql --defaults-file="$MYSQL_DEFAULTS" --batch --skip-column-names \\
        -e "SELECT ID FROM information_schema.PROCESSLIST WHERE ID = $id" 2>/dev/null | grep -qx "$id"; then
        log "ERROR: could not end MySQL session $id, which holds the read lock"
        return 1
      fi
    fi
    log "released the MySQL read lock (session $id)"
  fi
  if [ -s "$STATE_DIR/holder.pid" ]; then
    pid=$(cat "$STATE_DIR/holder.pid")
    kill "$pid" > /dev/null 2>&1 || true
  fi
  rm -f "$STATE_DIR/lock-output" "$STATE_DIR/holder.pid"
  return 0
}

# Thaw first (nothing can write while the lock holds), then unlock; keeps the frozen mark when the thaw failed.
thaw_and_unlock() {
  local rc=0
  if thaw_fs; then
    rm -f "$STATE_DIR/frozen"
  else
    rc=1
  fi
  release_lock || rc=1
  return "$rc"
}

# The limit on any freeze: runs detached, so it outlives this script, SSM's timeout and a post script that never comes.
watchdog() {
  sleep "$FREEZE_LIMIT_SECONDS"
  if [ -e "$STATE_DIR/frozen" ] || [ -s "$STATE_DIR/lock-output" ]; then
    touch "$STATE_DIR/auto-thawed"
    thaw_and_unlock
  fi
}
export -f log thaw_fs release_lock thaw_and_unlock watchdog

start_watchdog() {
  nohup setsid bash -c watchdog > /dev/null 2>&1 < /dev/null &
  echo "$!" > "$STATE_DIR/watchdog.pid"
}

stop_watchdog() {
  if [ -s "$STATE_DIR/watchdog.pid" ]; then
    pkill -TERM -s "$(cat "$STATE_DIR/watchdog.pid")" > /dev/null 2>&1 || true
  fi
  rm -f "$STATE_DIR/watchdog.pid"
}

fail_pre() {
  log "ERROR: $1; thawing and unlocking"
  thaw_and_unlock
  stop_watchdog
  exit "$2"
}

# A background session: its id, then FLUSH TABLES WITH READ LOCK, then "locked", then it holds the lock until killed
# (or until the freeze limit, when it unlocks by itself).
lock_mysql() {
  local waited=0
  : > "$STATE_DIR/lock-output"
  nohup setsid mysql --defaults-file="$MYSQL_DEFAULTS" --batch --skip-column-names --unbuffered \\
    -e "SELECT CONNECTION_ID(); SET SESSION lock_wait_timeout = $LOCK_WAIT_SECONDS; FLUSH TABLES WITH READ LOCK; SELECT 'locked'; DO SLEEP($FREEZE_LIMIT_SECONDS); UNLOCK TABLES;" \\
    > "$STATE_DIR/lock-output" 2> "$STATE_DIR/lock-errors" < /dev/null &
  echo "$!" > "$STATE_DIR/holder.pid"
  while [ "$waited" -lt "$LOCK_WAIT_SECONDS" ]; do
    if grep -qx "locked" "$STATE_DIR/lock-output"; then
      log "MySQL tables flushed and read-locked (session $(head -n 1 "$STATE_DIR/lock-output"))"
      return 0
    fi
    if ! kill -0 "$(cat "$STATE_DIR/holder.pid")" > /dev/null 2>&1; then
      log "ERROR: FLUSH TABLES WITH READ LOCK failed: $(tr '\\n' ' ' < "$STATE_DIR/lock-errors")"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "ERROR: FLUSH TABLES WITH READ LOCK did not finish within $LOCK_WAIT_SECONDS s (a long query holds it off)"
  return 1
}

pre_script() {
  if [ -e "$STATE_DIR/frozen" ] || [ -s "$STATE_DIR/lock-output" ]; then
    log "ERROR: a pre-script ran without its post-script; thawing and unlocking before anything else"
    thaw_and_unlock
    stop_watchdog
    exit ${codes.preScriptWhilePostExpected}
  fi
  if ! mountpoint -q "$DATA_DIR"; then
    log "ERROR: $DATA_DIR is not a mount point: the data volume is not mounted"
    exit ${codes.applicationNotReady}
  fi
  rm -f "$STATE_DIR/auto-thawed"
  start_watchdog
  if systemctl is-active --quiet "$MYSQL_SERVICE"; then
    [ -r "$MYSQL_DEFAULTS" ] || fail_pre "$MYSQL_DEFAULTS (MySQL client options) is missing" ${codes.applicationNotReady}
    lock_mysql || fail_pre "MySQL could not be locked" ${codes.preScriptFailed}
  else
    log "$MYSQL_SERVICE is not running: nothing to lock, freezing the file system only"
  fi
  sync -f "$DATA_DIR" || fail_pre "sync of $DATA_DIR failed" ${codes.preScriptFailed}
  touch "$STATE_DIR/frozen"
  local out
  out=$(timeout "$LOCK_WAIT_SECONDS" fsfreeze -f "$DATA_DIR" 2>&1) || fail_pre "fsfreeze -f $DATA_DIR failed: $out" ${codes.preScriptFailed}
  log "froze $DATA_DIR; the post-script thaws it, the watchdog after $FREEZE_LIMIT_SECONDS s at the latest"
}

post_script() {
  if [ -e "$STATE_DIR/auto-thawed" ]; then
    thaw_and_unlock || exit ${codes.postScriptFailed}
    stop_watchdog
    rm -f "$STATE_DIR/auto-thawed"
    log "ERROR: the watchdog thawed $DATA_DIR before the post-script: the snapshot may not be application-consistent"
    exit ${codes.autoThawBeforePostScript}
  fi
  if [ ! -e "$STATE_DIR/frozen" ] && [ ! -s "$STATE_DIR/lock-output" ]; then
    thaw_fs || exit ${codes.postScriptFailed}
    log "ERROR: nothing is frozen or locked: no pre-script ran"
    exit ${codes.postScriptWhilePreExpected}
  fi
  # The watchdog stays until the thaw and unlock succeed, so a failed post-script is still bounded by it.
  thaw_and_unlock || exit ${codes.postScriptFailed}
  stop_watchdog
  rm -f "$STATE_DIR/auto-thawed" "$STATE_DIR/lock-errors"
  log "thawed and unlocked"
}

mkdir -p "$STATE_DIR"
chmod 700 "$STATE_DIR"
log "starting"
case "$OPERATION" in
  pre-script) pre_script ;;
  post-script) post_script ;;
  dry-run) log "dry-run: would lock $MYSQL_SERVICE with $MYSQL_DEFAULTS and freeze $DATA_DIR; nothing done" ;;
  *) log "ERROR: unknown command; use ${DLM_SCRIPT_COMMANDS.join(", ")}"; exit 1 ;;
esac
`;
}

/** An SSM Command document (schemaVersion 2.2), as serialised into aws.ssm.Document's content. */
export interface ConsistentSnapshotDocument {
    schemaVersion: string;
    description: string;
    parameters: Record<string, { type: "String"; default: string; description: string; allowedValues?: string[]; allowedPattern?: string }>;
    mainSteps: Array<{
        action: "aws:runShellScript"; name: string; description: string;
        precondition: { StringEquals: [string, string] };
        inputs: { runCommand: string[]; timeoutSeconds: string };
    }>;
}

/**
 * The Command document DLM runs with command=pre-script before the snapshot and command=post-script after it: AWS's
 * template's parameters (executionId, command with the three allowed values) and one Linux aws:runShellScript step
 * (model/dlmScripts.ts), with the SSM step timeout at DLM's script timeout.
 */
export function consistentSnapshotDocument(options: FreezeScriptOptions, scriptTimeoutSeconds: number): ConsistentSnapshotDocument {
    return {
        schemaVersion: DLM_DOCUMENT_SCHEMA_VERSION,
        description: "Sigma: flush and read-lock MySQL and freeze its data volume around a Data Lifecycle Manager snapshot",
        parameters: {
            executionId: { type: "String", default: "None", description: "(Required) The pre and/or post execution's id, from Data Lifecycle Manager",
                allowedPattern: DLM_EXECUTION_ID_PATTERN },
            command: { type: "String", default: "dry-run", description: "(Required) pre-script, post-script or dry-run",
                allowedValues: [...DLM_SCRIPT_COMMANDS] },
        },
        mainSteps: [{
            action: "aws:runShellScript",
            name: "run_pre_post_scripts",
            description: "Freeze (pre-script) or thaw (post-script) MySQL and its data volume",
            precondition: { StringEquals: ["platformType", "Linux"] },
            inputs: { runCommand: freezeScript(options).replace(/\n$/, "").split("\n"), timeoutSeconds: String(scriptTimeoutSeconds) },
        }],
    };
}

export interface SigmaConsistentSnapshotsArgs {
    /** The stack scope (the sigma:stack tag's value) of the instances to snapshot; default `<project>/<stack>`. */
    stackScope?: string;
    /** hourly, every12Hours, daily (default) or an AWS cron: when DLM snapshots the instances. @default "daily" */
    frequency?: string;
    /** Days each snapshot is kept. @default 7 */
    retentionDays?: number;
    /** A region that receives an encrypted copy of every snapshot (the DR region), or none. */
    copyRegion?: pulumi.Input<string>;
    /** Days each copy is kept in copyRegion. @default 30 */
    copyRetentionDays?: number;
    /** A KMS key in copyRegion the copies are encrypted with; that region's default EBS key when unset. */
    copyKmsKeyArn?: pulumi.Input<string>;
    /** Customer-managed KMS keys of the volumes (and of copyKmsKeyArn): DLM's role may use them only through EC2. */
    kmsKeyArns?: pulumi.Input<string>[];
    /** Seconds DLM gives each of the pre and post scripts (10-120). @default 60 */
    scriptTimeoutSeconds?: number;
    /** Seconds after which the instance thaws and unlocks itself if no post script came (10-300). @default 60 */
    freezeLimitSeconds?: number;
    /** Retries of a failed pre script before DLM gives up (0-3). @default 1 */
    maximumRetryCount?: number;
    /** Take a crash-consistent snapshot when the pre script keeps failing (true) or none (false). @default true */
    crashConsistentOnFailure?: boolean;
    /** MySQL's data directory, the data volume's mount point. @default "/var/lib/mysql" */
    dataMountPath?: string;
    /** MySQL's systemd unit. @default "mysql.service" */
    mysqlService?: string;
    /** The MySQL client options file the scripts connect with (needs RELOAD and PROCESS). @default "/etc/mysql/debian.cnf" */
    mysqlDefaultsFile?: string;
    /** The stack's alarm topic: failed scripts, snapshots, copies and a policy in error reach it. */
    alarmTopicArn: pulumi.Input<string>;
    /** Other topics the alarms notify too. */
    extraAlarmTopicArns?: pulumi.Input<string>[];
    /** Prefix of the alarm names, unique per account and region, e.g. "sigma-prod". */
    alarmNamePrefix: string;
    /** The SSM document's name, unique per account and region (DLM names it as its execution handler); `<alarmNamePrefix>-mysql-consistent-snapshot` when unset. */
    documentName?: string;
    /** Extra tags for every resource of the component. */
    tags?: Record<string, string>;
}

/** Validates SigmaConsistentSnapshots args; throws one error listing every problem. */
export function validateConsistentSnapshotsArgs(name: string, args: SigmaConsistentSnapshotsArgs): void {
    const problems = new ArgProblems("SigmaConsistentSnapshots", name);
    if (args.frequency !== undefined) {
        const problem = typeof args.frequency === "string" ? frequencyProblem(args.frequency) : "must be a string";
        problems.add(problem && `frequency ${show(args.frequency)} ${problem}`);
        if (problem === undefined) {
            const hours = safeIntervalHours(scheduleExpression(args.frequency));
            problems.check(hours === undefined || hours >= DLM_MIN_SCHEDULE_INTERVAL_HOURS,
                `frequency ${show(args.frequency)} runs more often than hourly; DLM schedules run at most once an hour`);
        }
    }
    checkWholeNumber(problems, "retentionDays", args.retentionDays, RETENTION_DAYS);
    checkWholeNumber(problems, "copyRetentionDays", args.copyRetentionDays, RETENTION_DAYS);
    problems.check(args.copyRetentionDays === undefined || args.copyRegion !== undefined,
        "copyRetentionDays is set but copyRegion is not; name the region that receives the copies, or remove it");
    problems.check(args.copyKmsKeyArn === undefined || args.copyRegion !== undefined,
        "copyKmsKeyArn is set but copyRegion is not; name the region that receives the copies, or remove it");
    checkWholeNumber(problems, "scriptTimeoutSeconds", args.scriptTimeoutSeconds, DLM_SCRIPT_TIMEOUT_SECONDS, " (DLM's range)");
    checkWholeNumber(problems, "freezeLimitSeconds", args.freezeLimitSeconds, FREEZE_LIMIT_SECONDS);
    checkWholeNumber(problems, "maximumRetryCount", args.maximumRetryCount, DLM_SCRIPT_RETRIES, " (DLM's range)");
    const timeout = args.scriptTimeoutSeconds ?? CONSISTENT_SNAPSHOT_DEFAULTS.scriptTimeoutSeconds;
    const limit = args.freezeLimitSeconds ?? CONSISTENT_SNAPSHOT_DEFAULTS.freezeLimitSeconds;
    // The watchdog must not thaw while the pre script can still be waiting for the lock and freezing.
    problems.check(!(limit <= lockWaitSeconds(timeout)), `freezeLimitSeconds ${show(limit)} must be longer than the lock wait (${lockWaitSeconds(timeout)} s, half of scriptTimeoutSeconds ${timeout})`);
    for (const [arg, value] of [["dataMountPath", args.dataMountPath], ["mysqlDefaultsFile", args.mysqlDefaultsFile]] as const) {
        problems.check(value === undefined || (typeof value === "string" && SAFE_PATH.test(value) && value !== "/" && !value.split("/").includes("..")),
            `${arg} ${show(value)} must be an absolute path of letters, digits, . _ - and / (not / itself, no ..)`);
    }
    // Not a string is refused above; checking startsWith on it would end in a TypeError.
    problems.check(typeof args.dataMountPath !== "string" || !(args.dataMountPath === "/boot" || args.dataMountPath.startsWith("/boot/")),
        `dataMountPath ${show(args.dataMountPath)} is the boot file system, which must never be frozen`);
    problems.check(args.mysqlService === undefined || (typeof args.mysqlService === "string" && SERVICE_NAME.test(args.mysqlService)),
        `mysqlService ${show(args.mysqlService)} must be a systemd unit name such as "mysql.service"`);
    if (args.stackScope !== undefined) {
        problems.check(typeof args.stackScope === "string" && /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u.test(args.stackScope),
            `stackScope ${show(args.stackScope)} must be a tag value (1-256 letters, digits, spaces or _ . : / = + - @), e.g. "sigma/prod"`);
    }
    problems.check(typeof args.alarmNamePrefix === "string" && /^[A-Za-z0-9_.-]{1,200}$/.test(args.alarmNamePrefix),
        `alarmNamePrefix ${show(args.alarmNamePrefix)} must be 1-200 letters, digits, _ . or -, e.g. "sigma-prod"`);
    // SSM document names: 3-128 letters, digits, _ - .; none may start with aws, amazon or amzn (reserved).
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html
    const documentName = args.documentName ?? `${args.alarmNamePrefix}-mysql-consistent-snapshot`;
    problems.check(typeof documentName === "string" && /^[a-zA-Z0-9_.-]{3,128}$/.test(documentName) && !/^(aws|amazon|amzn)/i.test(documentName),
        `documentName ${show(documentName)} must be 3-128 letters, digits, _ - or ., not starting with aws, amazon or amzn`);
    problems.check(args.alarmTopicArn !== undefined && args.alarmTopicArn !== "", "alarmTopicArn is required; pass SigmaMonitoring's topicArn");
    const copyKey = knownValue(args.copyKmsKeyArn);
    problems.check(copyKey === undefined || /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/.test(copyKey),
        `copyKmsKeyArn ${show(copyKey)} must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); DLM takes no alias`);
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

function safeIntervalHours(schedule: string): number | undefined {
    try {
        return maxIntervalHours(schedule, new Date("2026-01-05T00:00:00Z"));
    } catch {
        return undefined;
    }
}

/**
 * DLM's role, narrower than AWS's managed AWSDataLifecycleManagerServiceRole + AWSDataLifecycleManagerSSMFullAccess
 * (model/dlmScripts.ts): snapshots only of instances and volumes carrying the stack's scope tag; snapshots deleted only
 * when they carry it too (DLM copies the volume tags onto them); the pre/post document only; keys only through EC2 in the
 * stack's and the copy region. No fast snapshot restore, sharing, archive tier or EventBridge rule permissions: the
 * policy uses none of them.
 */
export function dlmRolePolicy(scope: AccountScope, stackScope: string, documentArn: string, copyRegions: string[], kmsKeyArns: string[]): aws.iam.PolicyDocument {
    const { partition: p, account: a } = scope;
    const regions = [scope.region, ...copyRegions.filter((r) => r !== scope.region)];
    const snapshots = regions.map((r) => `arn:${p}:ec2:${r}::snapshot/*`);
    const scoped = { StringEquals: { [`aws:ResourceTag/${STACK_SCOPE_TAG_KEY}`]: stackScope } };
    const statements: aws.iam.PolicyStatement[] = [
        { Sid: "DescribeTargets", Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots"], Resource: "*" },
        {
            Sid: "SnapshotOnlyTheStacksInstances", Effect: "Allow", Action: ["ec2:CreateSnapshot", "ec2:CreateSnapshots"],
            Resource: [`arn:${p}:ec2:${scope.region}:${a}:instance/*`, `arn:${p}:ec2:${scope.region}:${a}:volume/*`], Condition: scoped,
        },
        { Sid: "CreateAndTagSnapshots", Effect: "Allow", Action: ["ec2:CreateSnapshot", "ec2:CreateSnapshots", "ec2:CreateTags"], Resource: snapshots },
        { Sid: "CopySnapshotsToTheCopyRegion", Effect: "Allow", Action: ["ec2:CopySnapshot"], Resource: snapshots },
        { Sid: "ExpireOnlyTheStacksSnapshots", Effect: "Allow", Action: ["ec2:DeleteSnapshot"], Resource: snapshots, Condition: scoped },
        // These three take no resource (Service Authorization Reference); AWS's managed policy grants them on "*" too.
        { Sid: "FollowScriptCommands", Effect: "Allow", Action: [...DLM_SSM_UNSCOPED_ACTIONS], Resource: "*" },
        { Sid: "RunOnlyThePrePostDocument", Effect: "Allow", Action: [...DLM_SSM_DOCUMENT_ACTIONS], Resource: [documentArn] },
        { Sid: "RunItOnTheRegionsInstances", Effect: "Allow", Action: ["ssm:SendCommand"], Resource: [`arn:${p}:ec2:${scope.region}:${a}:instance/*`] },
    ];
    if (kmsKeyArns.length > 0) {
        const viaServices = regions.map((r) => `ec2.${r}.amazonaws.com`);
        // Snapshots of CMK-encrypted volumes and their copies: the key actions EC2 uses for them, through EC2 only (as the backup role, components/backup/policies.ts).
        statements.push(
            { Sid: "UseVolumeKeysThroughEc2", Effect: "Allow",
                Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
                Resource: kmsKeyArns, Condition: { StringEquals: { "kms:ViaService": viaServices } } },
            { Sid: "GrantVolumeKeysOnlyToAwsResources", Effect: "Allow", Action: ["kms:CreateGrant"], Resource: kmsKeyArns,
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" }, StringEquals: { "kms:ViaService": viaServices } } },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The failures the component alarms on: DLM's own metrics per policy (model/dlmScripts.ts DLM_METRICS). */
export const CONSISTENT_SNAPSHOT_FAILURES = [
    { id: "pre-script-failed", metricName: DLM_METRICS.preScriptFailed, description: "the freeze script failed: the snapshot fell back to crash-consistent (or none)" },
    { id: "post-script-failed", metricName: DLM_METRICS.postScriptFailed, description: "the thaw script failed: MySQL's data volume may stay frozen until the watchdog thaws it" },
    { id: "snapshot-failed", metricName: DLM_METRICS.snapshotsCreateFailed, description: "DLM could not create a snapshot" },
    { id: "copy-failed", metricName: DLM_METRICS.snapshotsCopiedRegionFailed, description: "DLM could not copy a snapshot to the DR region" },
] as const;

/** The event pattern of the policy entering DLM's ERROR state (model/awsSampleEvents/aws-sample-dlm-policy-state-change.json). */
export function dlmPolicyErrorPattern(policyArn: string): object {
    return { "source": [DLM_EVENTS.source], "detail-type": [DLM_EVENTS.policyStateChange], "resources": [policyArn], "detail": { state: ["ERROR"] } };
}

/**
 * Application-consistent snapshots of the stack's Sigma instances with Amazon Data Lifecycle Manager: an SSM Command
 * document that flushes and read-locks MySQL and freezes its data volume (pre-script) and thaws and unlocks (post-script),
 * a DLM snapshot policy targeting the instances by the stack's scope tag (data volumes only: the boot volume is the
 * AMI's), with retention and an optional encrypted copy to the DR region, DLM's role, and alarms to the stack's topic on
 * failed scripts, snapshots and copies and on the policy entering its error state.
 *
 * These snapshots are not AWS Backup recovery points: no vault, no vault lock, no restore testing (see docs/operations.md).
 */
export class SigmaConsistentSnapshots extends pulumi.ComponentResource {
    public readonly document: aws.ssm.Document;
    public readonly policy: aws.dlm.LifecyclePolicy;
    public readonly role: aws.iam.Role;
    public readonly policyId: pulumi.Output<string>;
    public readonly documentName: pulumi.Output<string>;
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    /** The schedule expression the policy runs on. */
    public readonly schedule: string;

    constructor(name: string, args: SigmaConsistentSnapshotsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateConsistentSnapshotsArgs(name, args);
        super("sigma:backup:SigmaConsistentSnapshots", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaConsistentSnapshots", args.tags);
        const scope = accountScope(child);
        const stackScope = args.stackScope ?? stackScopeTagValue(pulumi.getProject(), pulumi.getStack());
        const timeout = args.scriptTimeoutSeconds ?? CONSISTENT_SNAPSHOT_DEFAULTS.scriptTimeoutSeconds;
        const scriptOptions: FreezeScriptOptions = {
            dataMountPath: args.dataMountPath ?? CONSISTENT_SNAPSHOT_DEFAULTS.dataMountPath,
            mysqlService: args.mysqlService ?? CONSISTENT_SNAPSHOT_DEFAULTS.mysqlService,
            mysqlDefaultsFile: args.mysqlDefaultsFile ?? CONSISTENT_SNAPSHOT_DEFAULTS.mysqlDefaultsFile,
            stateDir: CONSISTENT_SNAPSHOT_DEFAULTS.stateDir,
            lockWaitSeconds: lockWaitSeconds(timeout),
            freezeLimitSeconds: args.freezeLimitSeconds ?? CONSISTENT_SNAPSHOT_DEFAULTS.freezeLimitSeconds,
        };

        this.document = new aws.ssm.Document(`${name}-freeze`, {
            name: args.documentName ?? `${args.alarmNamePrefix}-mysql-consistent-snapshot`,
            documentType: "Command",
            documentFormat: "JSON",
            targetType: "/AWS::EC2::Instance",
            content: JSON.stringify(consistentSnapshotDocument(scriptOptions, timeout), null, 2),
            // The tag AWS's managed SSM policy for DLM requires; our own role names the document instead.
            tags: { ...tags, [DLM_SCRIPTS_ACCESS_TAG.key]: DLM_SCRIPTS_ACCESS_TAG.value },
        }, child);
        const documentArn = pulumi.all([scope, this.document.name]).apply(([s, documentName]) =>
            `arn:${s.partition}:ssm:${s.region}:${s.account}:document/${documentName}`);

        this.role = new aws.iam.Role(`${name}-dlm`, {
            description: "Data Lifecycle Manager: application-consistent snapshots of the Sigma instances",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("dlm.amazonaws.com", s.account))),
            tags,
        }, child);
        const copyRegions = args.copyRegion === undefined ? pulumi.output([] as string[]) : pulumi.output(args.copyRegion).apply((r) => [r]);
        const keys = pulumi.all([...(args.kmsKeyArns ?? []), ...(args.copyKmsKeyArn === undefined ? [] : [args.copyKmsKeyArn])]);
        const rolePolicy = new aws.iam.RolePolicy(`${name}-dlm`, {
            role: this.role.id,
            policy: pulumi.all([scope, documentArn, copyRegions, keys]).apply(([s, doc, regions, keyArns]) =>
                JSON.stringify(dlmRolePolicy(s, stackScope, doc, regions, [...new Set(keyArns)]))),
        }, child);

        this.schedule = scheduleExpression(args.frequency ?? CONSISTENT_SNAPSHOT_DEFAULTS.frequency);
        const retention = args.retentionDays ?? CONSISTENT_SNAPSHOT_DEFAULTS.retentionDays;
        const copyRetention = args.copyRetentionDays ?? CONSISTENT_SNAPSHOT_DEFAULTS.copyRetentionDays;
        this.policy = new aws.dlm.LifecyclePolicy(`${name}-policy`, {
            description: `Sigma ${stackScope}: application-consistent MySQL snapshots`,
            executionRoleArn: this.role.arn,
            state: "ENABLED",
            policyDetails: {
                policyType: "EBS_SNAPSHOT_MANAGEMENT",
                resourceTypes: ["INSTANCE"],
                // Instances of this stack only: SigmaInstance tags each with the scope, after the caller's tags.
                targetTags: { [STACK_SCOPE_TAG_KEY]: stackScope },
                // The boot volume is rebuilt from the AMI; the database is the data volume (AWS Backup keeps whole-instance images).
                parameters: { excludeBootVolume: true },
                schedules: [{
                    name: `${name}-app-consistent`,
                    createRule: {
                        cronExpression: this.schedule,
                        scripts: {
                            executionHandler: this.document.name,
                            executionHandlerService: DLM_EXECUTION_HANDLER_SERVICE,
                            executionTimeout: timeout,
                            maximumRetryCount: args.maximumRetryCount ?? CONSISTENT_SNAPSHOT_DEFAULTS.maximumRetryCount,
                            executeOperationOnScriptFailure: args.crashConsistentOnFailure ?? CONSISTENT_SNAPSHOT_DEFAULTS.crashConsistentOnFailure,
                            stages: ["PRE", "POST"],
                        },
                    },
                    retainRule: { interval: retention, intervalUnit: "DAYS" },
                    // The volume's tags (the stack scope among them) go onto each snapshot: the role expires only those.
                    copyTags: true,
                    tagsToAdd: { "sigma:consistency": "application" },
                    crossRegionCopyRules: args.copyRegion === undefined ? undefined : [{
                        target: args.copyRegion,
                        encrypted: true,
                        cmkArn: args.copyKmsKeyArn,
                        copyTags: true,
                        retainRule: { interval: copyRetention, intervalUnit: "DAYS" },
                    }],
                }],
            },
            tags,
        }, { ...child, dependsOn: [rolePolicy] });

        const topicArns = [args.alarmTopicArn, ...(args.extraAlarmTopicArns ?? [])];
        // DLM publishes these only when something happens: no data is no failure.
        this.alarms = CONSISTENT_SNAPSHOT_FAILURES.filter((failure) => failure.id !== "copy-failed" || args.copyRegion !== undefined).map((failure) =>
            failureCountAlarm(`${name}-${failure.id}`, {
                alarmName: `${args.alarmNamePrefix}-consistent-snapshot-${failure.id}`,
                description: `Sigma ${stackScope}: ${failure.description}`,
                namespace: DLM_METRICS.namespace,
                metricName: failure.metricName,
                dimensions: { [DLM_METRICS.dimension]: this.policy.id },
                periodSeconds: 3600,
                topicArns,
                tags,
            }, child));

        const policyError = new aws.cloudwatch.EventRule(`${name}-policy-error`, {
            description: "Sigma: the application-consistent snapshot policy entered DLM's error state (it creates no snapshots)",
            // The ARN from the id, in the form DLM's events carry it (model/dlmScripts.ts dlmPolicyArn).
            eventPattern: pulumi.all([scope, this.policy.id]).apply(([s, id]) => JSON.stringify(dlmPolicyErrorPattern(dlmPolicyArn(s.partition, s.region, s.account, id)))),
            tags,
        }, child);
        [args.alarmTopicArn, ...(args.extraAlarmTopicArns ?? [])].forEach((topic, i) => new aws.cloudwatch.EventTarget(`${name}-policy-error-${i}`, {
            rule: policyError.name,
            arn: topic,
        }, child));

        this.policyId = this.policy.id;
        this.documentName = this.document.name;
        this.registerOutputs({ policyId: this.policyId, documentName: this.documentName, schedule: this.schedule });
    }
}
