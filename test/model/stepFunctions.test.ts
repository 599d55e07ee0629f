import * as assert from "assert";
import { TaskFailure } from "../../model/stepFunctions/errors";
import { evaluateIntrinsic } from "../../model/stepFunctions/intrinsics";
import { checkDefinition, errorMatches, retryDelaySeconds, runExecution, StateDefinition, StateMachineDefinition, TaskHandler } from "../../model/stepFunctions/interpreter";
import { Json, parsePath, readPath, writePath } from "../../model/stepFunctions/paths";
import { worstCaseSeconds } from "../../model/stepFunctions/worstCase";

const TASK = "arn:aws:states:::aws-sdk:model:call";
const machine = (States: Record<string, StateDefinition>, extra: Partial<StateMachineDefinition> = {}): StateMachineDefinition => ({ StartAt: Object.keys(States)[0], States, ...extra });
const one = (state: StateDefinition) => machine({ Only: { End: true, ...state } });
const echo: TaskHandler = (p) => ({ output: p });
const run = (definition: StateMachineDefinition, input: Json, handler: TaskHandler = echo) => runExecution(definition, input, { handlers: { [TASK]: handler }, name: "exec-7" });

/** A handler that fails with `errors` in turn (one per call), then answers `output`. */
function failing(errors: string[], output: Json = "done"): TaskHandler & { calls: number } {
    const handler = ((() => {
        const error = errors[handler.calls++];
        if (error !== undefined) {
            throw new TaskFailure(error, `cause of ${error}`);
        }
        return { output };
    }) as unknown) as TaskHandler & { calls: number };
    handler.calls = 0;
    return handler;
}

describe("model: Amazon States Language paths (amazon-states-language-paths.html)", () => {
    const doc: Json = { a: { b: [10, { c: "x" }] }, "a b": 1 };
    const rows: Array<[string, boolean, Json | undefined]> = [
        ["$", true, doc], ["$.a.b[0]", true, 10], ["$.a.b[1].c", true, "x"], ["$['a b']", true, 1],
        ["$.a.missing", false, undefined], ["$.a.b[2]", false, undefined], ["$.a.b.c", false, undefined], ["$.a[0]", false, undefined],
    ];
    for (const [path, found, value] of rows) {
        it(`${path} ${found ? `selects ${JSON.stringify(value)}` : "selects nothing"}`, () => assert.deepStrictEqual(readPath(doc, null, path), found ? { found, value } : { found }));
    }
    it("$$ reads the context object", () => assert.deepStrictEqual(readPath({}, { Execution: { Name: "n" } }, "$$.Execution.Name"), { found: true, value: "n" }));
    it("refuses what reference paths cannot hold: wildcards, filters, no $", () => {
        for (const path of ["$.a[*]", "$..a", "$.a[?(@.b)]", "a.b", "$.a[0:1]"]) {
            assert.throws(() => parsePath(path), /path/, path);
        }
    });
    it("ResultPath writes create fields, keep the rest, and cannot step through a non-object", () => {
        assert.deepStrictEqual(writePath({ k: 1 }, "$.x.y", 2), { k: 1, x: { y: 2 } });
        assert.deepStrictEqual(writePath({ k: 1 }, "$", 2), 2);
        assert.strictEqual(writePath({ k: "s" }, "$.k.y", 2), undefined);
        assert.strictEqual(writePath("text", "$.k", 2), undefined);
    });
});

describe("model: Step Functions input and output processing (concepts-input-output-filtering.html)", () => {
    it("InputPath -> task -> ResultPath -> OutputPath, as AWS's worked example", () => {
        // The guide's example: InputPath "$.lambda", ResultPath "$.data.lambdaresult", OutputPath "$.data".
        const input = { comment: "An input comment.", data: { val1: 23, val2: 17 }, extra: "foo", lambda: { who: "AWS Step Functions" } };
        const hello: TaskHandler = (p) => ({ output: `Hello, ${(p as { who: string }).who}!` });
        const result = run(one({ Type: "Task", Resource: TASK, InputPath: "$.lambda", ResultPath: "$.data.lambdaresult", OutputPath: "$.data" }), input, hello);
        assert.deepStrictEqual(result.output, { val1: 23, val2: 17, lambdaresult: "Hello, AWS Step Functions!" });
    });

    it("Pass with Result and ResultPath adds the result to the input (state-pass.html example)", () => {
        const result = run(one({ Type: "Pass", Result: { "x-datum": 0.381018, "y-datum": 622.2269926397355 }, ResultPath: "$.coords" }), { georefOf: "Home" });
        assert.deepStrictEqual(result.output, { georefOf: "Home", coords: { "x-datum": 0.381018, "y-datum": 622.2269926397355 } });
    });

    it("ResultPath null keeps the input; default $ replaces it; OutputPath null gives {}; InputPath null gives the task {}", () => {
        assert.deepStrictEqual(run(one({ Type: "Task", Resource: TASK, Parameters: { r: 1 }, ResultPath: null }), { k: 1 }).output, { k: 1 });
        assert.deepStrictEqual(run(one({ Type: "Task", Resource: TASK, Parameters: { r: 1 } }), { k: 1 }).output, { r: 1 });
        assert.deepStrictEqual(run(one({ Type: "Task", Resource: TASK, OutputPath: null }), { k: 1 }).output, {});
        assert.deepStrictEqual(run(one({ Type: "Task", Resource: TASK, InputPath: null }), { k: 1 }).output, {});
    });

    it("Parameters: .$ fields take paths, $$ context and intrinsics, however deeply nested (arrays too); others are literal", () => {
        const result = run(one({ Type: "Task", Resource: TASK, Parameters: { "id.$": "$.x", literal: "$.x", "name.$": "$$.Execution.Name", list: [{ "v.$": "$.x" }], "n.$": "States.MathAdd($.n, 1)" } }), { x: "i-1", n: 41 });
        assert.deepStrictEqual(result.output, { id: "i-1", literal: "$.x", name: "exec-7", list: [{ v: "i-1" }], n: 42 });
    });

    it("ResultSelector shapes the raw result before ResultPath", () => {
        const result = run(one({ Type: "Task", Resource: TASK, Parameters: { Deep: { Value: 5 } }, ResultSelector: { "v.$": "$.Deep.Value" }, ResultPath: "$.r" }), { k: 1 });
        assert.deepStrictEqual(result.output, { k: 1, r: { v: 5 } });
    });

    it("a Parameters path that selects nothing is States.ParameterPathFailure, which a Catch can take", () => {
        const definition = machine({
            T: { Type: "Task", Resource: TASK, Parameters: { "id.$": "$.missing" }, Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Done" }], End: true },
            Done: { Type: "Succeed" },
        });
        const result = run(definition, { k: 1 });
        assert.strictEqual(result.status, "SUCCEEDED");
        assert.strictEqual((result.output as any).error.Error, "States.ParameterPathFailure");
    });

    it("an InputPath or OutputPath that selects nothing is States.Runtime: the execution fails even with a Catch on States.ALL", () => {
        for (const state of [{ InputPath: "$.missing" }, { OutputPath: "$.missing" }]) {
            const definition = machine({
                T: { Type: "Task", Resource: TASK, ...state, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Done" }], End: true },
                Done: { Type: "Succeed" },
            });
            const result = run(definition, { k: 1 });
            assert.deepStrictEqual([result.status, result.error], ["FAILED", "States.Runtime"], JSON.stringify(state));
        }
    });

    it("a ResultPath that cannot be applied is States.ResultPathMatchFailure", () => {
        const result = run(one({ Type: "Task", Resource: TASK, ResultPath: "$.k.deeper" }), { k: "text" });
        assert.deepStrictEqual([result.status, result.error], ["FAILED", "States.ResultPathMatchFailure"]);
    });

    it("the context object: Execution.Name, Execution.Input, State.Name, State.RetryCount (input-output-contextobject.html)", () => {
        const handler = failing(["Transient"]);
        const seen: Json[] = [];
        const spy: TaskHandler = (p, call) => {
            seen.push(p);
            return handler(p, call);
        };
        run(one({ Type: "Task", Resource: TASK, Parameters: { "n.$": "$$.Execution.Name", "in.$": "$$.Execution.Input", "s.$": "$$.State.Name", "r.$": "$$.State.RetryCount" }, Retry: [{ ErrorEquals: ["Transient"] }] }), { k: 1 }, spy);
        assert.deepStrictEqual(seen, [{ n: "exec-7", in: { k: 1 }, s: "Only", r: 0 }, { n: "exec-7", in: { k: 1 }, s: "Only", r: 1 }]);
    });
});

describe("model: Wait (state-wait.html): time advances, nothing sleeps", () => {
    it("Seconds and SecondsPath add exactly their seconds", () => {
        const definition = machine({ W1: { Type: "Wait", Seconds: 30, Next: "W2" }, W2: { Type: "Wait", SecondsPath: "$.s", End: true } });
        const started = Date.now();
        const result = run(definition, { s: 45 });
        assert.strictEqual(result.elapsedSeconds, 75);
        assert.deepStrictEqual(result.output, { s: 45 });
        assert.ok(Date.now() - started < 1000);
    });
    it("Timestamp waits until that time from the execution's start", () => {
        const result = runExecution(one({ Type: "Wait", Timestamp: "2026-01-01T00:10:00Z" }), {}, { handlers: {}, startTime: new Date("2026-01-01T00:00:00Z") });
        assert.strictEqual(result.elapsedSeconds, 600);
    });
    it("a SecondsPath that is negative, fractional, a string or missing is States.Runtime", () => {
        for (const s of [-1, 1.5, "30", undefined]) {
            const result = run(one({ Type: "Wait", SecondsPath: "$.s" }), s === undefined ? {} : { s });
            assert.deepStrictEqual([result.status, result.error], ["FAILED", "States.Runtime"], String(s));
        }
        assert.strictEqual(run(one({ Type: "Wait", SecondsPath: "$.s" }), { s: 0 }).status, "SUCCEEDED");
    });
});

describe("model: Choice (state-choice.html)", () => {
    const choose = (rule: object, input: Json, withDefault = true) => run(machine({
        C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" } as any], ...(withDefault ? { Default: "No" } : {}) },
        Yes: { Type: "Pass", Result: "yes", End: true },
        No: { Type: "Pass", Result: "no", End: true },
    }), input);
    const rows: Array<[string, object, Json, "yes" | "no"]> = [
        ["NumericGreaterThanEquals at the bound", { Variable: "$.n", NumericGreaterThanEquals: 5 }, { n: 5 }, "yes"],
        ["NumericGreaterThanEquals below", { Variable: "$.n", NumericGreaterThanEquals: 5 }, { n: 4 }, "no"],
        ["NumericGreaterThan at the bound", { Variable: "$.n", NumericGreaterThan: 5 }, { n: 5 }, "no"],
        ["NumericLessThan below", { Variable: "$.n", NumericLessThan: 5 }, { n: 4 }, "yes"],
        ["NumericLessThanEquals above", { Variable: "$.n", NumericLessThanEquals: 5 }, { n: 6 }, "no"],
        ["NumericEquals on a string is false, not an error", { Variable: "$.n", NumericEquals: 5 }, { n: "5" }, "no"],
        ["StringEquals", { Variable: "$.s", StringEquals: "COMPLETED" }, { s: "COMPLETED" }, "yes"],
        ["StringEquals is case-sensitive", { Variable: "$.s", StringEquals: "COMPLETED" }, { s: "completed" }, "no"],
        ["StringEqualsPath", { Variable: "$.a", StringEqualsPath: "$.b" }, { a: "x", b: "x" }, "yes"],
        ["StringMatches with *", { Variable: "$.s", StringMatches: "ap-*-1a" }, { s: "ap-southeast-1a" }, "yes"],
        ["BooleanEquals", { Variable: "$.b", BooleanEquals: true }, { b: false }, "no"],
        ["IsPresent true on a present null", { Variable: "$.x", IsPresent: true }, { x: null }, "yes"],
        ["IsPresent true on a missing field", { Variable: "$.x", IsPresent: true }, {}, "no"],
        ["IsPresent false on a missing field", { Variable: "$.x", IsPresent: false }, {}, "yes"],
        ["IsNull", { Variable: "$.x", IsNull: true }, { x: null }, "yes"],
        ["IsString on a number", { Variable: "$.x", IsString: true }, { x: 1 }, "no"],
        ["And needs every rule", { And: [{ Variable: "$.a", StringEquals: "ok" }, { Variable: "$.b", StringEquals: "ok" }] }, { a: "ok", b: "impaired" }, "no"],
        ["Or needs one rule", { Or: [{ Variable: "$.a", StringEquals: "FAILED" }, { Variable: "$.a", StringEquals: "ABORTED" }] }, { a: "ABORTED" }, "yes"],
        ["Not inverts", { Not: { Variable: "$.a", StringEquals: "running" } }, { a: "stopped" }, "yes"],
    ];
    for (const [what, rule, input, expected] of rows) {
        it(`${what}: ${expected}`, () => assert.strictEqual(choose(rule, input).output, expected));
    }
    it("the first matching rule wins", () => {
        const result = run(machine({
            C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: 1, Next: "A" }, { Variable: "$.n", NumericGreaterThan: 0, Next: "B" }] },
            A: { Type: "Pass", Result: "A", End: true }, B: { Type: "Pass", Result: "B", End: true },
        }), { n: 2 });
        assert.strictEqual(result.output, "A");
    });
    it("no match and no Default is States.NoChoiceMatched", () => {
        const result = choose({ Variable: "$.n", NumericEquals: 1 }, { n: 2 }, false);
        assert.deepStrictEqual([result.status, result.error], ["FAILED", "States.NoChoiceMatched"]);
    });
    it("a Variable that selects nothing is States.Runtime (guard with IsPresent)", () => {
        const result = choose({ Variable: "$.missing", StringEquals: "x" }, {});
        assert.deepStrictEqual([result.status, result.error], ["FAILED", "States.Runtime"]);
    });
});

describe("model: Retry and Catch (concepts-error-handling.html)", () => {
    const task = (extra: Partial<StateDefinition>): StateMachineDefinition => machine({
        T: { Type: "Task", Resource: TASK, Next: "Done", ...extra },
        Done: { Type: "Succeed" },
        Caught: { Type: "Pass", End: true },
    });

    it("defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2 -> retries after 1, 2 and 4 s, then the error stands", () => {
        const handler = failing(["E", "E", "E", "E"]);
        const result = run(task({ Retry: [{ ErrorEquals: ["E"] }] }), {}, handler);
        assert.deepStrictEqual([result.status, result.error, handler.calls, result.elapsedSeconds], ["FAILED", "E", 4, 7]);
    });

    it("IntervalSeconds x BackoffRate^(n-1), capped by MaxDelaySeconds", () => {
        assert.deepStrictEqual([1, 2, 3].map((n) => retryDelaySeconds({ ErrorEquals: [], IntervalSeconds: 3, BackoffRate: 2 }, n)), [3, 6, 12]);
        assert.deepStrictEqual([1, 2, 3].map((n) => retryDelaySeconds({ ErrorEquals: [], IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 20 }, n)), [10, 20, 20]);
        const handler = failing(["E", "E"]);
        const result = run(task({ Retry: [{ ErrorEquals: ["E"], IntervalSeconds: 3, BackoffRate: 1.5, MaxAttempts: 2 }] }), {}, handler);
        assert.deepStrictEqual([result.status, result.elapsedSeconds], ["SUCCEEDED", 3 + 4.5]);
    });

    it("MaxAttempts 0 never retries", () => {
        const handler = failing(["E"]);
        const result = run(task({ Retry: [{ ErrorEquals: ["E"], MaxAttempts: 0 }] }), {}, handler);
        assert.deepStrictEqual([result.status, handler.calls], ["FAILED", 1]);
    });

    it("the first retrier naming the error decides, even when a later one would allow more attempts", () => {
        const handler = failing(["E", "E", "E"]);
        const result = run(task({ Retry: [{ ErrorEquals: ["E"], MaxAttempts: 1 }, { ErrorEquals: ["States.ALL"], MaxAttempts: 5 }] }), {}, handler);
        assert.deepStrictEqual([result.status, handler.calls], ["FAILED", 2]);
    });

    it("each retrier counts its own attempts", () => {
        const handler = failing(["A", "B", "A", "B"]);
        const result = run(task({ Retry: [{ ErrorEquals: ["A"], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 1 }, { ErrorEquals: ["B"], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 1 }] }), {}, handler);
        assert.deepStrictEqual([result.status, handler.calls], ["SUCCEEDED", 5]);
    });

    it("error names match exactly and case-sensitively; States.ALL matches every error but States.Runtime; States.TaskFailed all but States.Timeout", () => {
        assert.ok(errorMatches(["Backup.ResourceNotFoundException"], "Backup.ResourceNotFoundException"));
        assert.ok(!errorMatches(["Backup.ResourceNotFoundException"], "backup.ResourceNotFoundException"));
        assert.ok(!errorMatches(["Backup.ResourceNotFound"], "Backup.ResourceNotFoundException"));
        assert.ok(errorMatches(["States.ALL"], "Anything"));
        assert.ok(!errorMatches(["States.ALL"], "States.Runtime"));
        assert.ok(!errorMatches(["States.ALL"], "States.DataLimitExceeded"));
        assert.ok(errorMatches(["States.TaskFailed"], "Lambda.ServiceException"));
        assert.ok(!errorMatches(["States.TaskFailed"], "States.Timeout"));
        assert.ok(errorMatches(["States.Timeout"], "States.Timeout"));
    });

    it("Catch: the first matching catcher; ResultPath places {Error, Cause} on the state's input; default ResultPath replaces it", () => {
        const withPath = run(task({ Catch: [{ ErrorEquals: ["Other"], Next: "Done" }, { ErrorEquals: ["E"], ResultPath: "$.error", Next: "Caught" }] }), { k: 1 }, failing(["E"]));
        assert.deepStrictEqual(withPath.output, { k: 1, error: { Error: "E", Cause: "cause of E" } });
        assert.deepStrictEqual(withPath.path, ["T", "Caught"]);
        const replaced = run(task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }] }), { k: 1 }, failing(["E"]));
        assert.deepStrictEqual(replaced.output, { Error: "E", Cause: "cause of E" });
    });

    it("Retry runs before Catch: the catcher sees the error only after the retries", () => {
        const handler = failing(["E", "E", "E"]);
        const result = run(task({ Retry: [{ ErrorEquals: ["E"], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ["E"], Next: "Caught" }] }), {}, handler);
        assert.deepStrictEqual([result.status, handler.calls, result.path], ["SUCCEEDED", 3, ["T", "Caught"]]);
    });

    it("a Task longer than TimeoutSeconds fails with States.Timeout after TimeoutSeconds", () => {
        const slow: TaskHandler = () => ({ output: 1, durationSeconds: 200 });
        const result = run(task({ TimeoutSeconds: 150 }), {}, slow);
        assert.deepStrictEqual([result.status, result.error, result.elapsedSeconds], ["FAILED", "States.Timeout", 150]);
        assert.strictEqual(run(task({ TimeoutSeconds: 200 }), {}, slow).status, "SUCCEEDED");
    });

    it("the execution's TimeoutSeconds ends it TIMED_OUT", () => {
        const definition = machine({ W: { Type: "Wait", Seconds: 60, Next: "W" } }, { TimeoutSeconds: 300 });
        const result = run(definition, {});
        assert.deepStrictEqual([result.status, result.error, result.elapsedSeconds], ["TIMED_OUT", "States.Timeout", 300]);
    });

    it("Fail ends the execution with its Error and Cause", () => {
        const result = run(one({ Type: "Fail", Error: "Sigma.RestoreFailed", Cause: "why" }), {});
        assert.deepStrictEqual([result.status, result.error, result.cause], ["FAILED", "Sigma.RestoreFailed", "why"]);
    });

    it("a loop without a bound is stopped (AWS caps a history at 25,000 events)", () => {
        assert.throws(() => runExecution(machine({ P: { Type: "Pass", Next: "P" } }), {}, { handlers: {}, maxTransitions: 100 }), /without ending/);
    });
});

describe("model: intrinsic functions (intrinsic-functions.html)", () => {
    const scope = { input: { id: "i-1", arn: "arn:aws:ec2:r:a:instance/i-0abc", n: 2, list: ["a", "b"] } as Json, context: {} as Json, uuid: () => "u" };
    const rows: Array<[string, Json]> = [
        ["States.Format('Hello, {}: {} left', $.id, $.n)", "Hello, i-1: 2 left"],
        ["States.Format('literal \\{\\} and \\'quotes\\'')", "literal {} and 'quotes'"],
        ["States.ArrayGetItem(States.StringSplit($.arn, '/'), 1)", "i-0abc"],
        ["States.StringSplit('a,b;;c', ',;')", ["a", "b", "c"]],
        ["States.MathAdd($.n, -3)", -1],
        ["States.Array($.id, 5)", ["i-1", 5]],
        ["States.ArrayLength($.list)", 2],
        ["States.ArrayContains($.list, 'b')", true],
        ["States.JsonToString($.list)", "[\"a\",\"b\"]"],
        ["States.StringToJson('{\"a\": 1}')", { a: 1 }],
    ];
    for (const [call, value] of rows) {
        it(`${call} = ${JSON.stringify(value)}`, () => assert.deepStrictEqual(evaluateIntrinsic(call, scope), value));
    }
    const failures = ["States.Format('{} and {}', $.id)", "States.ArrayGetItem($.list, 2)", "States.MathAdd($.id, 1)", "States.MathAdd(1.5, 1)", "States.Format('{}', $.missing)", "States.StringToJson('not json')"];
    for (const call of failures) {
        it(`${call} fails with States.IntrinsicFailure`, () => assert.throws(() => evaluateIntrinsic(call, scope), (err: any) => err.error === "States.IntrinsicFailure"));
    }
    it("an intrinsic failure in Parameters is an error a Catch takes", () => {
        const result = run(machine({
            T: { Type: "Task", Resource: TASK, Parameters: { "x.$": "States.ArrayGetItem($.l, 5)" }, Catch: [{ ErrorEquals: ["States.IntrinsicFailure"], ResultPath: "$.e", Next: "D" }], End: true },
            D: { Type: "Succeed" },
        }), { l: [] });
        assert.strictEqual((result.output as any).e.Error, "States.IntrinsicFailure");
    });
});

describe("model: definitions the interpreter refuses, and the worst-case bound", () => {
    it("States.ALL must be alone and last; unknown targets and unmodelled state types are refused, all at once", () => {
        assert.throws(() => checkDefinition(machine({
            T: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["E"] }], Catch: [{ ErrorEquals: ["States.ALL", "E"], Next: "Nowhere" }], End: true },
            M: { Type: "Map", End: true },
        })), (err: Error) => /last retrier/.test(err.message) && /last catcher/.test(err.message) && /Nowhere, which is not a state/.test(err.message) && /Map states are not modelled/.test(err.message));
    });

    it("worstCaseSeconds: the most expensive simple path, each state counted as often as the loop bound says", () => {
        const definition = machine({
            Start: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["E"], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }], Next: "Wait", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Short" }] },
            Wait: { Type: "Wait", Seconds: 10, Next: "Check" },
            Check: { Type: "Choice", Choices: [{ Variable: "$.done", BooleanEquals: true, Next: "End" }], Default: "Wait" },
            Short: { Type: "Wait", Seconds: 5, End: true },
            End: { Type: "Succeed" },
        });
        assert.strictEqual(worstCaseSeconds(definition), 3 + 10);
        assert.strictEqual(worstCaseSeconds(definition, { Wait: 6 }), 3 + 60);
    });
});
