import { parseArn, REGION } from "../../model/ids";

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Why `email` cannot receive alarm mail, or undefined when it looks deliverable. */
export function emailProblem(email: unknown): string | undefined {
    return typeof email === "string" && email.length <= 254 && EMAIL.test(email) ? undefined : "is not an email address; e.g. ops@example.com";
}

// "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and
// must be between 1 and 256 characters long"; FIFO topic names end in .fifo.
// https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
export const SNS_TOPIC_ARN_EXAMPLE = "arn:aws:sns:ap-southeast-1:123456789012:oncall";

/**
 * Why `value` cannot be an extra alarm topic of a stack in `region` (undefined: not checked), or undefined. Standard
 * topics only: a FIFO topic takes only messages with a message group id
 * (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-grouping.html), which CloudWatch alarm actions and these
 * EventBridge targets do not set. Same region: "The targets you associate with a rule must be in the same Region as
 * the rule" (https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification).
 */
export function alarmTopicArnProblem(value: unknown, region: string | undefined): string | undefined {
    const arn = parseArn(value);
    const example = region !== undefined && REGION.test(region) ? SNS_TOPIC_ARN_EXAMPLE.replace("ap-southeast-1", region) : SNS_TOPIC_ARN_EXAMPLE;
    if (arn === undefined || arn.service !== "sns" || !REGION.test(arn.region) || arn.account === "") {
        return `is not an SNS topic ARN; use arn:aws:sns:<region>:<account>:<topic>, e.g. ${example}`;
    }
    if (arn.resource.endsWith(".fifo")) {
        return `is a FIFO topic, which takes only messages with a message group id that alarms and these event rules do not send; use a standard topic, e.g. ${example}`;
    }
    if (!TOPIC_NAME.test(arn.resource)) {
        return `does not end in a topic name (1-256 letters, digits, _ or -); use e.g. ${example}`;
    }
    if (region !== undefined && REGION.test(region) && arn.region !== region) {
        return `is in ${arn.region}, but alarms and event rules deliver only to topics in their own region ${region}; use a topic in ${region}`;
    }
    return undefined;
}

/** Bare words that opt out without saying why. */
const NOT_A_REASON = /^(true|false|yes|no|y|n|1|0|on|off|none|n\/a|na|null|-|\.|x|skip|optout|opt-out|opt out)$/i;
/** At least this many letters and digits: a reason someone can act on, not a flag. */
const MIN_REASON_CHARS = 10;

/** Why `reason` does not explain why a stack has no alarm email, or undefined. */
export function optOutReasonProblem(reason: unknown): string | undefined {
    const text = typeof reason === "string" ? reason.trim() : "";
    if (text === "" || NOT_A_REASON.test(text) || text.replace(/[^\p{L}\p{N}]/gu, "").length < MIN_REASON_CHARS) {
        return "must say why nobody gets alarm mail, in words, e.g. \"on-call is paged through the topic in alarmTopicArns\"";
    }
    return text.length > 256 ? "is longer than 256 characters; say it in a sentence" : undefined;
}
