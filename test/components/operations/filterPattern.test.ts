import * as assert from "assert";
import { filterPatternMatches, parseTermPattern } from "../../../components";

/** CloudWatch Logs term patterns (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html), the docs' own examples. */
describe("filter pattern subset: terms in unstructured log events", () => {
    const rows: [string, string, boolean][] = [
        ["ERROR", "[ERROR] Caught IllegalArgumentException", true],
        ["ERROR", "[INFO] all good", false],
        ["ERROR", "[error] lower case", false], // case sensitive
        ["ERROR Exception", "[ERROR] Caught IllegalArgumentException", true], // AND: both
        ["ERROR Exception", "[ERROR] timed out", false], // AND: one missing
        ["?ERROR ?WARN", "[WARN] disk 81%", true], // OR: either
        ["?ERROR ?WARN", "[INFO] disk 20%", false],
        ["-ERROR", "[INFO] fine", true], // exclude
        ["-ERROR", "[ERROR] not fine", false],
        ["ERROR -Retrying", "[ERROR] Retrying in 5s", false], // exclude beats a match
        ["\"crash recovery\"", "InnoDB: Starting crash recovery.", true], // a quoted phrase
        ["\"crash recovery\"", "crash during recovery", false], // a phrase, not two words
        ["", "anything at all", true], // the empty pattern matches every event
    ];
    for (const [pattern, event, expected] of rows) {
        it(`${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(event)}`, () => {
            assert.strictEqual(filterPatternMatches(pattern, event), expected);
        });
    }

    const refused: [string, RegExp][] = [
        ["java.lang.OutOfMemoryError", /quote it/],
        ["\"unclosed", /unclosed quote/],
        ["?ERROR WARN", /mixes \?term/],
        ["\"a\"\"b\"", /separated by spaces/],
        ["\"\"", /empty quoted term/],
        ["\"a\\\"b\"", /escapes/],
    ];
    for (const [pattern, message] of refused) {
        it(`refuses ${JSON.stringify(pattern)} (outside the subset, never guessed)`, () => {
            assert.throws(() => parseTermPattern(pattern), message);
        });
    }

    it("splits the operators into their groups", () => {
        assert.deepStrictEqual(parseTermPattern("-DEBUG ?\"Out of memory\" ?\"got signal\""), { all: [], any: ["Out of memory", "got signal"], none: ["DEBUG"] });
        assert.deepStrictEqual(parseTermPattern("  SEVERE   catalina "), { all: ["SEVERE", "catalina"], any: [], none: [] });
    });
});
