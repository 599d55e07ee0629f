import { alarmTopicArnProblem, emailProblem, MAX_ALARM_ACTIONS, MAX_RULE_TARGETS, optOutReasonProblem } from "../../components";
import { parseArn, REGION } from "../../model/ids";
import { ConfigReader, show } from "./reader";

/** Who hears a stack's failures: the one alarm topic's subscribers, and what records the API calls its rules watch. */
export interface AlertsConfig {
    /** Addresses subscribed to the stack's alarm topic (sigma:alarmEmails); empty only with alarmEmailsOptOut. */
    alarmEmails: string[];
    /** Why nobody gets alarm mail (sigma:alarmEmailsOptOut), e.g. an on-call topic in alarmTopicArns. */
    alarmEmailsOptOut?: string;
    /** Existing SNS topics in the stack's region that every alarm and rule notifies too (sigma:alarmTopicArns). */
    alarmTopicArns: string[];
    /** An existing CloudTrail trail logging the region's management events (sigma:auditTrailArn); unset: the stack creates one. */
    auditTrailArn?: string;
}

export const ALERT_KEYS = ["sigma:alarmEmails", "sigma:alarmEmailsOptOut", "sigma:alarmTopicArns", "sigma:auditTrailArn"] as const;

const EXAMPLE_EMAILS = `["ops@example.com"]`;
const MAX_EXTRA_TOPICS = Math.min(MAX_ALARM_ACTIONS, MAX_RULE_TARGETS) - 1;
// Trail ARNs: arn:aws:cloudtrail:<region>:<account>:trail/<name>. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-trails
const TRAIL_RESOURCE = /^trail\/[A-Za-z0-9._-]{3,128}$/;

function readAlarmEmails(read: ConfigReader, optedOut: boolean): string[] {
    const emails = read.stringList("alarmEmails", (email) => emailProblem(email));
    if (!read.has("alarmEmails")) {
        if (!optedOut) {
            read.missing("alarmEmails", `list at least one address for alarm mail, e.g. ${EXAMPLE_EMAILS}, or say why nobody gets it in sigma:alarmEmailsOptOut`);
        }
    } else if (emails !== undefined && emails.length === 0) {
        if (!optedOut) {
            read.problem("alarmEmails", emails, `must list at least one address, e.g. ${EXAMPLE_EMAILS}; alarms nobody receives are not monitoring (or say why in sigma:alarmEmailsOptOut)`);
        }
    } else if (emails !== undefined) {
        // SNS subscribes an address once, whatever its case.
        const seen = new Map<string, number>();
        emails.forEach((email, i) => {
            const first = seen.get(email.toLowerCase());
            if (first === undefined) {
                seen.set(email.toLowerCase(), i);
            } else {
                read.problem(`alarmEmails[${i}]`, email, `is the same address as sigma:alarmEmails[${first}] (${show(emails[first])}); remove it`);
            }
        });
    }
    return emails ?? [];
}

function readAlarmTopicArns(read: ConfigReader, region: string): string[] {
    const topics = read.stringList("alarmTopicArns", (arn) => alarmTopicArnProblem(arn, region));
    if (topics === undefined) {
        return [];
    }
    let ok = true;
    topics.forEach((arn, i) => {
        const first = topics.indexOf(arn);
        if (first < i) {
            read.problem(`alarmTopicArns[${i}]`, arn, `is already sigma:alarmTopicArns[${first}]; remove it`);
            ok = false;
        }
    });
    if (topics.length > MAX_EXTRA_TOPICS) {
        read.problem("alarmTopicArns", topics, `lists ${topics.length} topics, but an alarm takes ${MAX_ALARM_ACTIONS} actions and a rule ${MAX_RULE_TARGETS} targets, one of them the stack's own topic; keep at most ${MAX_EXTRA_TOPICS}`);
        ok = false;
    }
    return ok ? topics : [];
}

function trailArnProblem(value: string, region: string): string | undefined {
    const arn = parseArn(value);
    const example = `arn:aws:cloudtrail:${REGION.test(region) ? region : "ap-southeast-1"}:123456789012:trail/org-trail`;
    return arn !== undefined && arn.service === "cloudtrail" && REGION.test(arn.region) && arn.account !== "" && TRAIL_RESOURCE.test(arn.resource)
        ? undefined
        : `is not a CloudTrail trail ARN; use the ARN of a trail that logs this region's management events (multi-Region, or in this region), e.g. ${example}, or leave it unset for the stack to create one`;
}

/**
 * sigma:alarmEmails, sigma:alarmEmailsOptOut, sigma:alarmTopicArns, sigma:auditTrailArn: read in every topology. Alarm
 * mail is required unless the stack opts out with a reason; opting out while listing addresses is a contradiction.
 */
export function readAlerts(read: ConfigReader, region: string): AlertsConfig {
    const optOut = read.string("alarmEmailsOptOut", (reason) => {
        const problem = optOutReasonProblem(reason);
        return problem === undefined ? undefined : problem.replace("alarmTopicArns", "sigma:alarmTopicArns");
    });
    const alarmEmails = readAlarmEmails(read, read.has("alarmEmailsOptOut"));
    if (read.has("alarmEmailsOptOut") && alarmEmails.length > 0) {
        read.problem("alarmEmailsOptOut", read.raw("alarmEmailsOptOut"),
            `opts out of alarm mail, but sigma:alarmEmails lists ${alarmEmails.length} address(es); remove sigma:alarmEmailsOptOut, or empty sigma:alarmEmails`);
    }
    return {
        alarmEmails,
        alarmEmailsOptOut: optOut,
        alarmTopicArns: readAlarmTopicArns(read, region),
        auditTrailArn: read.string("auditTrailArn", (value) => trailArnProblem(value, region)),
    };
}
