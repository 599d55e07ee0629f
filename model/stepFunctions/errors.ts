/**
 * Errors as Step Functions names them. A state's error has a name and a cause; names starting "States." are the
 * language's own. https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export class StatesError extends Error {
    constructor(readonly error: string, readonly cause: string) {
        super(`${error}: ${cause}`);
        this.name = "StatesError";
    }
}

/** The error a Task handler throws to fail its task, e.g. new TaskFailure("Backup.ResourceNotFoundException", "..."). */
export class TaskFailure extends StatesError {}

/**
 * "States.ALL ... cannot catch the States.DataLimitExceeded terminal error or Runtime error types", and "A
 * States.Runtime error isn't retriable, and will always cause the execution to fail" (concepts-error-handling.html).
 */
export const UNCATCHABLE = new Set(["States.Runtime", "States.DataLimitExceeded"]);

export const ERRORS = {
    ALL: "States.ALL",
    RUNTIME: "States.Runtime",
    NO_CHOICE_MATCHED: "States.NoChoiceMatched",
    PARAMETER_PATH_FAILURE: "States.ParameterPathFailure",
    RESULT_PATH_MATCH_FAILURE: "States.ResultPathMatchFailure",
    INTRINSIC_FAILURE: "States.IntrinsicFailure",
    TIMEOUT: "States.Timeout",
    TASK_FAILED: "States.TaskFailed",
} as const;
