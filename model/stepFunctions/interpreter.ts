import { ChoiceRule, evaluateChoiceRule } from "./choice";
import { ERRORS, StatesError, TaskFailure, UNCATCHABLE } from "./errors";
import { evaluateIntrinsic, isIntrinsic } from "./intrinsics";
import { isJsonObject, Json, JsonObject, readPath, writePath } from "./paths";

/**
 * A small Amazon States Language interpreter (JSONPath query language, Standard workflows) that runs a definition
 * state by state with virtual time: Wait and Retry advance a clock, nothing sleeps. Tasks are answered by handlers
 * keyed by the Resource ARN, so tests plug in a model of the AWS APIs. Each rule cites the page it follows:
 * - states: https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html, state-pass.html, state-wait.html,
 *   state-choice.html, state-succeed.html, state-fail.html (all under https://docs.aws.amazon.com/step-functions/latest/dg/)
 * - input and output processing, in order InputPath -> Parameters -> task -> ResultSelector -> ResultPath -> OutputPath:
 *   https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 * - Retry and Catch: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 * - the context object ($$): https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 * Not modelled (refused when a definition uses them): Parallel, Map, JSONata, HeartbeatSeconds, JitterStrategy FULL.
 */

export interface TaskAnswer {
    /** The task's result (before ResultSelector). */
    output: Json;
    /** How long the call took, in seconds (default 0). */
    durationSeconds?: number;
}

export interface TaskCall {
    resource: string;
    state: string;
    /** Seconds since the execution started. */
    time: number;
    attempt: number;
}

/** Answers one Task: returns its result or throws TaskFailure(error, cause). */
export type TaskHandler = (parameters: Json, call: TaskCall) => TaskAnswer;

export interface ExecutionOptions {
    handlers: Record<string, TaskHandler>;
    /** The execution's name ($$.Execution.Name); default "execution-1". */
    name?: string;
    stateMachineArn?: string;
    roleArn?: string;
    /** Wall-clock start; default 2026-01-01T00:00:00Z. */
    startTime?: Date;
    /** Stops a runaway loop: AWS caps a Standard execution's history at 25,000 events (service quotas). */
    maxTransitions?: number;
}

export type HistoryType = "StateEntered" | "TaskSucceeded" | "TaskFailed" | "RetryScheduled" | "Caught" | "Waited" | "ChoiceMade";

export interface HistoryEvent {
    type: HistoryType;
    state: string;
    /** Seconds since the execution started. */
    time: number;
    detail?: Json;
}

export interface ExecutionResult {
    status: "SUCCEEDED" | "FAILED" | "TIMED_OUT";
    output?: Json;
    error?: string;
    cause?: string;
    /** Seconds from start to stop. */
    elapsedSeconds: number;
    history: HistoryEvent[];
    /** The states entered, in order. */
    path: string[];
}

interface Retrier {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
    MaxDelaySeconds?: number;
    JitterStrategy?: string;
}

interface Catcher {
    ErrorEquals: string[];
    Next: string;
    ResultPath?: string | null;
}

export interface StateDefinition {
    Type: string;
    Next?: string;
    End?: boolean;
    Comment?: string;
    InputPath?: string | null;
    OutputPath?: string | null;
    Parameters?: Json;
    ResultSelector?: Json;
    ResultPath?: string | null;
    Result?: Json;
    Resource?: string;
    TimeoutSeconds?: number;
    Retry?: Retrier[];
    Catch?: Catcher[];
    Seconds?: number;
    SecondsPath?: string;
    Timestamp?: string;
    TimestampPath?: string;
    Choices?: ChoiceRule[];
    Default?: string;
    Error?: string;
    Cause?: string;
    [key: string]: unknown;
}

export interface StateMachineDefinition {
    StartAt: string;
    States: Record<string, StateDefinition>;
    TimeoutSeconds?: number;
    Comment?: string;
}

const DEFAULT_START = new Date("2026-01-01T00:00:00Z");
const SUPPORTED = new Set(["Task", "Pass", "Wait", "Choice", "Succeed", "Fail"]);

/** Retrier defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0 (concepts-error-handling.html, "Retrier fields"). */
export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 };

/** The wait before retry number `retry` (1-based): IntervalSeconds x BackoffRate^(retry-1), at most MaxDelaySeconds. */
export function retryDelaySeconds(retrier: Retrier, retry: number): number {
    const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
    const rate = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
    const delay = interval * rate ** (retry - 1);
    return retrier.MaxDelaySeconds !== undefined ? Math.min(delay, retrier.MaxDelaySeconds) : delay;
}

/**
 * Whether an ErrorEquals list names the error: exact, case-sensitive names; States.ALL matches every error but
 * States.Runtime and States.DataLimitExceeded; States.TaskFailed matches every error a task reports except
 * States.Timeout ("States.TaskFailed ... matches any known error name except for States.Timeout").
 */
export function errorMatches(errorEquals: string[], error: string): boolean {
    if (UNCATCHABLE.has(error)) {
        return false;
    }
    return errorEquals.some((name) => name === error || name === ERRORS.ALL || (name === ERRORS.TASK_FAILED && error !== ERRORS.TIMEOUT));
}

/** Checks the parts of a definition the interpreter relies on; throws listing every problem. */
export function checkDefinition(definition: StateMachineDefinition): void {
    const problems: string[] = [];
    const names = Object.keys(definition.States ?? {});
    if (!names.includes(definition.StartAt)) {
        problems.push(`StartAt ${definition.StartAt} is not a state`);
    }
    const target = (from: string, next: string | undefined) => {
        if (next !== undefined && !names.includes(next)) {
            problems.push(`${from} goes to ${next}, which is not a state`);
        }
    };
    for (const [name, state] of Object.entries(definition.States ?? {})) {
        if (!SUPPORTED.has(state.Type)) {
            problems.push(`${name}: ${state.Type} states are not modelled`);
        }
        target(name, state.Next);
        target(name, state.Default);
        (state.Choices ?? []).forEach((c) => target(name, c.Next));
        (state.Catch ?? []).forEach((c) => target(name, c.Next));
        for (const retrier of state.Retry ?? []) {
            if (retrier.JitterStrategy !== undefined && retrier.JitterStrategy !== "NONE") {
                problems.push(`${name}: JitterStrategy ${retrier.JitterStrategy} is not modelled (random delays)`);
            }
        }
        const all = (list: Array<{ ErrorEquals: string[] }>, field: string) => list.forEach((entry, i) => {
            if (entry.ErrorEquals.includes(ERRORS.ALL) && (entry.ErrorEquals.length > 1 || i !== list.length - 1)) {
                problems.push(`${name}: States.ALL must appear alone and in the last ${field} (concepts-error-handling.html)`);
            }
        });
        all(state.Retry ?? [], "retrier");
        all(state.Catch ?? [], "catcher");
        if ("HeartbeatSeconds" in state) {
            problems.push(`${name}: HeartbeatSeconds is not modelled`);
        }
    }
    if (problems.length > 0) {
        throw new Error(`state machine definition:\n  - ${problems.join("\n  - ")}`);
    }
}

/** Runs one execution of `definition` with `input`. */
export function runExecution(definition: StateMachineDefinition, input: Json, options: ExecutionOptions): ExecutionResult {
    checkDefinition(definition);
    const start = options.startTime ?? DEFAULT_START;
    const name = options.name ?? "execution-1";
    const machineArn = options.stateMachineArn ?? "arn:aws:states:ap-southeast-1:123456789012:stateMachine:model";
    const executionArn = machineArn.replace(":stateMachine:", ":execution:") + `:${name}`;
    const history: HistoryEvent[] = [];
    const path: string[] = [];
    let clock = 0;
    let uuids = 0;
    const iso = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();
    const limit = options.maxTransitions ?? 25000;
    const deadline = definition.TimeoutSeconds;

    const finish = (result: Omit<ExecutionResult, "elapsedSeconds" | "history" | "path">): ExecutionResult =>
        ({ ...result, elapsedSeconds: clock, history, path });
    const timedOut = () => deadline !== undefined && clock >= deadline;

    let current = definition.StartAt;
    let data: Json = input;
    for (let transitions = 0; ; transitions++) {
        if (transitions >= limit) {
            throw new Error(`execution ${name} entered ${limit} states without ending: a loop without a bound`);
        }
        if (timedOut()) {
            clock = deadline!;
            return finish({ status: "TIMED_OUT", error: ERRORS.TIMEOUT, cause: `the execution ran longer than TimeoutSeconds ${deadline}` });
        }
        const state = definition.States[current];
        const enteredAt = clock;
        path.push(current);
        history.push({ type: "StateEntered", state: current, time: clock });
        const context = (retryCount: number): Json => ({
            Execution: { Id: executionArn, Input: input, Name: name, RoleArn: options.roleArn ?? "", StartTime: iso(0), RedriveCount: 0 },
            State: { EnteredTime: iso(enteredAt), Name: current, RetryCount: retryCount },
            StateMachine: { Id: machineArn, Name: machineArn.split(":").pop()! },
        });
        const scope = { uuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, "0")}` };
        try {
            const step = runState(current, state, data, context, scope);
            data = step.output;
            if (step.end) {
                if (step.failed) {
                    return finish({ status: "FAILED", error: step.failed.error, cause: step.failed.cause });
                }
                return finish({ status: "SUCCEEDED", output: data });
            }
            current = step.next!;
        } catch (err) {
            if (!(err instanceof StatesError)) {
                throw err;
            }
            if (timedOut()) {
                clock = deadline!;
                return finish({ status: "TIMED_OUT", error: ERRORS.TIMEOUT, cause: `the execution ran longer than TimeoutSeconds ${deadline}` });
            }
            return finish({ status: "FAILED", error: err.error, cause: err.cause });
        }
    }

    interface Step { output: Json; next?: string; end?: boolean; failed?: { error: string; cause: string } }

    function runState(stateName: string, state: StateDefinition, rawInput: Json, context: (retry: number) => Json, scope: { uuid: () => string }): Step {
        const after = (output: Json): Step => (state.End ? { output, end: true } : { output, next: state.Next });
        switch (state.Type) {
            case "Succeed":
                return { output: outputPath(state, inputPath(state, rawInput, context(0)), context(0)), end: true };
            case "Fail":
                return { output: null, end: true, failed: { error: state.Error ?? "", cause: state.Cause ?? "" } };
            case "Pass": {
                const effective = parameters(state.Parameters, inputPath(state, rawInput, context(0)), context(0), scope);
                const result = state.Result !== undefined ? state.Result : effective;
                return after(outputPath(state, resultPath(state, rawInput, result), context(0)));
            }
            case "Wait": {
                const effective = inputPath(state, rawInput, context(0));
                const seconds = waitSeconds(state, effective, context(0));
                clock += seconds;
                history.push({ type: "Waited", state: stateName, time: clock, detail: seconds });
                return after(outputPath(state, effective, context(0)));
            }
            case "Choice": {
                const effective = inputPath(state, rawInput, context(0));
                const chosen = (state.Choices ?? []).find((rule) => evaluateChoiceRule(rule, effective, context(0)));
                const next = chosen?.Next ?? state.Default;
                if (next === undefined) {
                    throw new StatesError(ERRORS.NO_CHOICE_MATCHED, `no choice rule of ${stateName} matched and it has no Default`);
                }
                history.push({ type: "ChoiceMade", state: stateName, time: clock, detail: next });
                return { output: outputPath(state, effective, context(0)), next };
            }
            default:
                return runTask(stateName, state, rawInput, context, scope);
        }
    }

    function runTask(stateName: string, state: StateDefinition, rawInput: Json, context: (retry: number) => Json, scope: { uuid: () => string }): Step {
        const handler = options.handlers[state.Resource ?? ""];
        if (!handler) {
            throw new Error(`no handler for Task resource ${state.Resource} (state ${stateName})`);
        }
        const attemptsBy = new Map<Retrier, number>();
        for (let attempt = 1; ; attempt++) {
            const retryCount = attempt - 1;
            try {
                const effective = parameters(state.Parameters, inputPath(state, rawInput, context(retryCount)), context(retryCount), scope);
                let answer: TaskAnswer;
                try {
                    answer = handler(effective, { resource: state.Resource!, state: stateName, time: clock, attempt });
                } catch (err) {
                    if (err instanceof StatesError) {
                        throw err;
                    }
                    throw new TaskFailure(ERRORS.TASK_FAILED, err instanceof Error ? err.message : String(err));
                }
                const duration = answer.durationSeconds ?? 0;
                if (state.TimeoutSeconds !== undefined && duration > state.TimeoutSeconds) {
                    clock += state.TimeoutSeconds;
                    throw new StatesError(ERRORS.TIMEOUT, `the task ran longer than TimeoutSeconds ${state.TimeoutSeconds}`);
                }
                clock += duration;
                history.push({ type: "TaskSucceeded", state: stateName, time: clock, detail: answer.output });
                const selected = parameters(state.ResultSelector, answer.output, context(retryCount), scope);
                const output = outputPath(state, resultPath(state, rawInput, selected), context(retryCount));
                return state.End ? { output, end: true } : { output, next: state.Next };
            } catch (err) {
                if (!(err instanceof StatesError) || UNCATCHABLE.has(err.error)) {
                    throw err;
                }
                history.push({ type: "TaskFailed", state: stateName, time: clock, detail: { Error: err.error, Cause: err.cause } });
                // The first retrier naming the error decides; when its attempts are spent, Catch takes over.
                const retrier = (state.Retry ?? []).find((r) => errorMatches(r.ErrorEquals, err.error));
                if (retrier) {
                    const used = attemptsBy.get(retrier) ?? 0;
                    if (used < (retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts)) {
                        attemptsBy.set(retrier, used + 1);
                        const delay = retryDelaySeconds(retrier, used + 1);
                        clock += delay;
                        history.push({ type: "RetryScheduled", state: stateName, time: clock, detail: { Error: err.error, delay } });
                        continue;
                    }
                }
                const catcher = (state.Catch ?? []).find((c) => errorMatches(c.ErrorEquals, err.error));
                if (!catcher) {
                    throw err;
                }
                history.push({ type: "Caught", state: stateName, time: clock, detail: { Error: err.error, Next: catcher.Next } });
                const errorOutput: Json = { Error: err.error, Cause: err.cause };
                const path = catcher.ResultPath === undefined ? "$" : catcher.ResultPath;
                const output = path === null ? rawInput : writePath(rawInput, path, errorOutput);
                if (output === undefined) {
                    throw new StatesError(ERRORS.RESULT_PATH_MATCH_FAILURE, `cannot apply ResultPath ${path} of ${stateName}'s catcher to its input`);
                }
                return { output, next: catcher.Next };
            }
        }
    }

    function waitSeconds(state: StateDefinition, effective: Json, ctx: Json): number {
        if (state.Seconds !== undefined) {
            return state.Seconds;
        }
        if (state.SecondsPath !== undefined) {
            const read = readPath(effective, ctx, state.SecondsPath);
            if (!read.found || typeof read.value !== "number" || !Number.isInteger(read.value) || read.value < 0) {
                throw new StatesError(ERRORS.RUNTIME, `SecondsPath ${state.SecondsPath} must select a non-negative integer; it selects ${JSON.stringify(read.value)}`);
            }
            return read.value;
        }
        const stamp = state.Timestamp ?? (state.TimestampPath !== undefined ? readPath(effective, ctx, state.TimestampPath).value : undefined);
        const until = typeof stamp === "string" ? Date.parse(stamp) : NaN;
        if (Number.isNaN(until)) {
            throw new StatesError(ERRORS.RUNTIME, `the Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath with a valid value`);
        }
        return Math.max(0, (until - start.getTime()) / 1000 - clock);
    }
}

/** InputPath: null gives {}; a path that selects nothing is States.Runtime. */
function inputPath(state: StateDefinition, input: Json, context: Json): Json {
    if (state.InputPath === null) {
        return {};
    }
    const read = readPath(input, context, state.InputPath ?? "$");
    if (!read.found) {
        throw new StatesError(ERRORS.RUNTIME, `An error occurred while executing the state. Invalid path '${state.InputPath}' : No results for path`);
    }
    return read.value!;
}

/** OutputPath: null gives {}; a path that selects nothing is States.Runtime. */
function outputPath(state: StateDefinition, output: Json, context: Json): Json {
    if (state.OutputPath === null) {
        return {};
    }
    const read = readPath(output, context, state.OutputPath ?? "$");
    if (!read.found) {
        throw new StatesError(ERRORS.RUNTIME, `An error occurred while executing the state. Invalid path '${state.OutputPath}' : No results for path`);
    }
    return read.value!;
}

/** ResultPath: default "$" (the result replaces the input), null keeps the input and discards the result. */
function resultPath(state: StateDefinition, rawInput: Json, result: Json): Json {
    if (state.ResultPath === null) {
        return rawInput;
    }
    const path = state.ResultPath ?? "$";
    const written = writePath(rawInput, path, result);
    if (written === undefined) {
        throw new StatesError(ERRORS.RESULT_PATH_MATCH_FAILURE, `Unable to apply ResultPath ${path} to the state's input`);
    }
    return written;
}

/**
 * A payload template (Parameters, ResultSelector): every field, however deeply nested (objects inside arrays too),
 * whose name ends in ".$" takes the value its path or intrinsic function selects, under the name without ".$"
 * (https://states-language.net/spec.html#payload-template). A path that selects nothing is States.ParameterPathFailure.
 */
function parameters(template: Json | undefined, input: Json, context: Json, scope: { uuid: () => string }): Json {
    if (template === undefined) {
        return input;
    }
    const apply = (node: Json): Json => {
        if (Array.isArray(node)) {
            return node.map(apply);
        }
        if (!isJsonObject(node)) {
            return node;
        }
        const out: JsonObject = {};
        for (const [key, value] of Object.entries(node)) {
            if (key.endsWith(".$")) {
                if (typeof value !== "string") {
                    throw new Error(`payload template field ${key} must hold a path or an intrinsic function`);
                }
                if (isIntrinsic(value)) {
                    out[key.slice(0, -2)] = evaluateIntrinsic(value, { input, context, uuid: scope.uuid });
                } else {
                    const read = readPath(input, context, value);
                    if (!read.found) {
                        throw new StatesError(ERRORS.PARAMETER_PATH_FAILURE, `The JSONPath '${value}' specified for the field '${key}' could not be found in the input`);
                    }
                    out[key.slice(0, -2)] = read.value!;
                }
            } else {
                out[key] = apply(value);
            }
        }
        return out;
    };
    return apply(template);
}
