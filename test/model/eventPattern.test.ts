import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { compileEventPattern, EventPatternError, eventPatternMatches } from "../../model/eventPattern";

interface PatternCase {
    kind: "verbatim" | "row" | "ruler";
    source: string;
    name: string;
    pattern: object;
    event?: string;
    eventInline?: object;
    matches: boolean;
}

const EXAMPLES = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "model", "awsSampleEvents", "eventbridge-pattern-examples.json"), "utf8")) as {
    events: Record<string, { source: string; event: object }>;
    cases: PatternCase[];
    refused: Array<{ source: string; name: string; pattern: object }>;
};

describe("model: EventBridge event patterns", () => {
    describe("AWS's documented examples (model/awsSampleEvents/eventbridge-pattern-examples.json)", () => {
        for (const c of EXAMPLES.cases) {
            it(`${c.kind}: ${c.name} -> ${c.matches ? "matches" : "no match"}`, () => {
                const event = c.event !== undefined ? EXAMPLES.events[c.event].event : c.eventInline;
                assert.ok(event, `case names an unknown event ${c.event}`);
                assert.strictEqual(eventPatternMatches(c.pattern, event), c.matches, `${c.source}\npattern ${JSON.stringify(c.pattern)}\nevent ${JSON.stringify(event)}`);
            });
        }
        for (const r of EXAMPLES.refused) {
            it(`refuses ${r.name}`, () => assert.throws(() => compileEventPattern(r.pattern), EventPatternError, r.source));
        }
    });

    describe("semantics the examples leave implicit", () => {
        // [name, pattern, event, matches]
        const rows: Array<[string, object, object, boolean]> = [
            ["a field the event lacks matches nothing", { detail: { state: ["FAILED"] } }, { detail: {} }, false],
            ["anything-but needs the field: absent is no match", { detail: { state: [{ "anything-but": "COMPLETED" }] } }, { detail: {} }, false],
            ["anything-but keeps a value of another type", { x: [{ "anything-but": "a" }] }, { x: 5 }, true],
            ["anything-but over an event array: one element outside the list is enough", { x: [{ "anything-but": ["a"] }] }, { x: ["a", "b"] }, true],
            ["anything-but over an event array of excluded values only", { x: [{ "anything-but": ["a", "b"] }] }, { x: ["a", "b"] }, false],
            ["prefix never matches a number", { x: [{ prefix: "1" }] }, { x: 12 }, false],
            ["the string \"300\" is not the number 300", { x: ["300"] }, { x: 300 }, false],
            ["numbers compare by value", { x: [300] }, { x: 3.0e2 }, true],
            ["true is a literal, not the string", { x: [true] }, { x: "true" }, false],
            ["exists true on an object (not a leaf) is no match", { detail: { x: [{ exists: true }] } }, { detail: { x: { y: 1 } } }, false],
            ["exists false under a missing parent", { detail: { x: [{ exists: false }] } }, {}, true],
            ["exists true over a non-empty array", { resources: [{ exists: true }] }, { resources: ["arn:aws:s3:::b"] }, true],
            ["exists false over an empty array", { resources: [{ exists: false }] }, { resources: [] }, true],
            ["an event array of scalars matches a value", { resources: ["b"] }, { resources: ["a", "b"] }, true],
            ["a value list may mix exact values and operators (OR)", { x: ["a", { prefix: "zz" }] }, { x: "zzz" }, true],
            ["wildcard matches across slashes and dots", { x: [{ wildcard: "*.png" }] }, { x: "a/b.c.png" }, true],
            ["wildcard is anchored at both ends", { x: [{ wildcard: "dir/*" }] }, { x: "xdir/a" }, false],
            ["an escaped backslash is a literal backslash", { x: [{ wildcard: "a\\\\b" }] }, { x: "a\\b" }, true],
            ["regular-expression characters are literal in a wildcard", { x: [{ wildcard: "a.c" }] }, { x: "abc" }, false],
            ["numeric single bound >=", { x: [{ numeric: [">=", 5] }] }, { x: 5 }, true],
            ["cidr over IPv6", { ip: [{ cidr: "2001:db8::/32" }] }, { ip: "2001:db8::1" }, true],
            ["cidr never matches a non-address", { ip: [{ cidr: "10.0.0.0/8" }] }, { ip: "ten" }, false],
        ];
        for (const [name, pattern, event, matches] of rows) {
            it(name, () => assert.strictEqual(eventPatternMatches(pattern, event), matches));
        }
    });

    describe("mismatch names the first field that fails", () => {
        const restoreFailed = { source: "aws.backup", "detail-type": "Restore Job State Change", detail: { status: "FAILED" } };
        it("a restore rule on detail.state (restore events carry detail.status)", () => {
            const rule = compileEventPattern(JSON.stringify({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { state: ["FAILED"] } }));
            assert.strictEqual(rule.matches(restoreFailed), false);
            assert.strictEqual(rule.mismatch(restoreFailed), "detail.state");
        });
        it("nothing for a match", () => {
            const rule = compileEventPattern({ source: ["aws.backup"], detail: { status: ["FAILED", "ABORTED"] } });
            assert.strictEqual(rule.mismatch(restoreFailed), undefined);
        });
        it("a failing $or", () => {
            assert.strictEqual(compileEventPattern({ $or: [{ a: ["1"] }, { b: ["2"] }] }).mismatch({ a: "2" }), "$or (no branch matches)");
        });
    });

    describe("refuses what PutRule refuses, naming the place", () => {
        // [name, pattern, words the message holds]
        const rows: Array<[string, unknown, string]> = [
            ["not JSON", "{source:", "is not JSON"],
            ["not an object", "[1]", "must be a JSON object"],
            ["an empty object", {}, "empty object"],
            ["a nested bare value", { detail: { state: "FAILED" } }, "at detail.state"],
            ["two operators in one object", { x: [{ prefix: "a", suffix: "b" }] }, "exactly one operator"],
            ["exists with a string", { x: [{ exists: "true" }] }, "true or false"],
            ["a cidr that is not one", { x: [{ cidr: "10.0.0.1/8" }] }, "not a CIDR block"],
            ["a range in the wrong order", { x: [{ numeric: ["<", 5, ">", 1] }] }, "lower bound"],
            ["anything-but with an unknown inner operator", { x: [{ "anything-but": { contains: "a" } }] }, "prefix, suffix, equals-ignore-case, wildcard"],
            ["a nested list", { x: [["a"]] }, "cannot nest"],
            // One branch is no $or (event-ruler: "There must have at least 2 Objects"), and as a field its object is no operator.
            ["\"$or\" with one branch", { $or: [{ a: ["1"] }] }, "unknown operator \"a\""],
        ];
        for (const [name, pattern, words] of rows) {
            it(name, () => assert.throws(() => compileEventPattern(pattern as object), (err: Error) => err instanceof EventPatternError && err.message.includes(words)));
        }
    });
});
