import * as assert from "assert";
import { ConfigError, ConfigReader, mapConfigSource, OFFLINE_SECRET_PLACEHOLDER, show } from "../../stacks/config/reader";
import { editDistance, nearest } from "../../stacks/config/nearest";

// The reader every config key goes through: what it accepts, and each refusal's exact line (key, value, fix).

const reader = (values: Record<string, string | undefined>, secretKeys: string[] = []) => new ConfigReader(mapConfigSource(values, { secretKeys }));

describe("stack config reader (stacks/config/reader.ts)", () => {
    it("names keys: sigma: unless namespaced; members and items keep their path", () => {
        const read = reader({});
        assert.deepStrictEqual([read.key("vpcId"), read.key("aws:region"), read.key("backup.frequency"), read.key("my-ns_1:x"), read.key("a.b:c")],
            ["sigma:vpcId", "aws:region", "sigma:backup.frequency", "my-ns_1:x", "sigma:a.b:c"]);
    });
    it("treats an empty value as unset, and a map source as the runtime would", () => {
        const source = mapConfigSource({ "sigma:a": "", "sigma:b": "x", "sigma:c": undefined }, { project: "p", stack: "s", secretKeys: ["sigma:b"] });
        assert.deepStrictEqual([source.project, source.stack, source.keys(), source.get("sigma:b"), source.isSecret("sigma:b"), source.isSecret("sigma:a")],
            ["p", "s", ["sigma:a", "sigma:b"], "x", true, false]);
        assert.deepStrictEqual([mapConfigSource({}).project, mapConfigSource({}).stack], ["sigma", "dev"]);
        const read = new ConfigReader(source);
        assert.deepStrictEqual([read.raw("a"), read.has("a"), read.raw("b"), read.has("b"), read.raw("c")], [undefined, false, "x", true, undefined]);
    });
    it("knows a member or an item of a secret key is secret, and hides its value in problems", () => {
        const read = reader({ "sigma:backup": "{}", "sigma:adminCidrs": "[]", "sigma:plain": "v" }, ["sigma:backup", "sigma:adminCidrs"]);
        assert.deepStrictEqual([read.isSecret("backup.frequency"), read.isSecret("adminCidrs[0]"), read.isSecret("plain"), read.isSecret("backupx")], [true, true, false, false]);
        read.problem("backup.frequency", "hourly", "is bad");
        read.problem("plain", "v", "is bad");
        assert.deepStrictEqual(read.problems, ["sigma:backup.frequency [secret] is bad", "sigma:plain \"v\" is bad"]);
    });
    it("recognises the offline synth's placeholder only for a secret key", () => {
        assert.strictEqual(reader({ "sigma:k": OFFLINE_SECRET_PLACEHOLDER }, ["sigma:k"]).isOfflineSecret("k"), true);
        assert.strictEqual(reader({ "sigma:k": OFFLINE_SECRET_PLACEHOLDER }).isOfflineSecret("k"), false);
        assert.strictEqual(reader({ "sigma:k": "value" }, ["sigma:k"]).isOfflineSecret("k"), false);
        assert.strictEqual(reader({ "sigma:k": OFFLINE_SECRET_PLACEHOLDER }, ["sigma:k"]).string("k", () => "is never checked"), OFFLINE_SECRET_PLACEHOLDER);
    });
    it("records the first problem of each key only, and throws them all at once", () => {
        const read = reader({});
        read.problem("a", 1, "first");
        read.missing("a", "second");
        read.missing("b", "set it");
        assert.deepStrictEqual([read.refused("a"), read.refused("sigma:b"), read.refused("c")], [true, true, false]);
        assert.deepStrictEqual(read.problems, ["sigma:a 1 first", "sigma:b is not set; set it"]);
        assert.throws(() => read.throwIfAny(), (err: unknown) => err instanceof ConfigError
            && err.message === "Invalid stack configuration (2 problems):\n  - sigma:a 1 first\n  - sigma:b is not set; set it" && err.name === "ConfigError");
        assert.doesNotThrow(() => reader({}).throwIfAny());
        const one = new ConfigError(["only"]);
        assert.strictEqual(one.message, "Invalid stack configuration (1 problem):\n  - only");
        assert.deepStrictEqual(one.problems, ["only"]);
        assert.strictEqual(new Error("x") instanceof ConfigError, false);
        assert.strictEqual((null as unknown as object) instanceof ConfigError, false);
        assert.strictEqual(({ [Symbol.for("sigma:stacks:ConfigError")]: true }) instanceof ConfigError, true);
    });
    it("show: JSON for values, String for what JSON cannot write", () => {
        assert.deepStrictEqual([show("a"), show(["a"]), show(7), show(undefined), show(() => 1)], ["\"a\"", "[\"a\"]", "7", "undefined", "() => 1"]);
    });
    it("strings: required, checked, non-empty", () => {
        const read = reader({ "sigma:ok": "v", "sigma:bad": "x" });
        assert.strictEqual(read.string("ok", (v) => (v === "v" ? undefined : "no")), "v");
        assert.strictEqual(read.string("bad", (v) => (v === "v" ? undefined : "is not v; use v")), undefined);
        assert.strictEqual(read.string("unset", () => "never"), undefined);
        assert.strictEqual(read.requiredString("ok", "fix"), "v");
        assert.strictEqual(read.requiredString("missing", "set it, e.g. x"), undefined);
        assert.strictEqual(read.stringOf("m.a", 7), undefined);
        assert.strictEqual(read.stringOf("m.b", ""), undefined);
        assert.strictEqual(read.stringOf("m.c", undefined), undefined);
        assert.deepStrictEqual(read.problems, ["sigma:bad \"x\" is not v; use v", "sigma:missing is not set; set it, e.g. x",
            "sigma:m.a 7 must be a non-empty string", "sigma:m.b \"\" must be a non-empty string"]);
    });
    it("one of a list, compared exactly, with a suggestion only for strings", () => {
        const read = reader({ "sigma:t": "Multi-az", "sigma:u": "single-az" });
        const allowed = ["single-az", "multi-az"] as const;
        assert.strictEqual(read.oneOf("u", allowed, "multi-az"), "single-az");
        assert.strictEqual(read.oneOf("unset", allowed, "multi-az"), "multi-az");
        assert.strictEqual(read.oneOf("t", allowed, "single-az", (v) => v.toLowerCase()), "single-az");
        assert.strictEqual(read.oneOfValue("m.x", 7, allowed, "single-az", () => "never"), "single-az");
        assert.strictEqual(read.oneOfValue("m.y", "toString", allowed, "single-az", () => undefined), "single-az");
        assert.deepStrictEqual(read.problems, [
            "sigma:t \"Multi-az\" is not supported; did you mean multi-az? use one of single-az, multi-az",
            "sigma:m.x 7 is not supported; use one of single-az, multi-az",
            "sigma:m.y \"toString\" is not supported; use one of single-az, multi-az",
        ]);
    });
    it("whole numbers within bounds, from strings or YAML numbers, with the reason", () => {
        const read = reader({ "sigma:n": "-3", "sigma:big": "11" });
        assert.strictEqual(read.integer("n", 0, -3, 10), -3);
        assert.strictEqual(read.integer("unset", 5, 1, 10), 5);
        assert.strictEqual(read.integer("big", 5, 1, 10, " (why)"), 5);
        assert.deepStrictEqual([1, 10, "7"].map((v, i) => read.integerOf(`ok${i}`, v, 0, 1, 10)), [1, 10, 7]);
        for (const [i, bad] of [0, 11, 1.5, "1.5", "1e1", " 7", "seven", true, null].entries()) {
            assert.strictEqual(read.integerOf(`bad${i}`, bad, 4, 1, 10), 4, String(bad));
        }
        assert.deepStrictEqual(read.problems, [
            "sigma:big \"11\" must be a whole number from 1 to 10 (why)",
            "sigma:bad0 0 must be a whole number from 1 to 10", "sigma:bad1 11 must be a whole number from 1 to 10", "sigma:bad2 1.5 must be a whole number from 1 to 10",
            "sigma:bad3 \"1.5\" must be a whole number from 1 to 10", "sigma:bad4 \"1e1\" must be a whole number from 1 to 10", "sigma:bad5 \" 7\" must be a whole number from 1 to 10",
            "sigma:bad6 \"seven\" must be a whole number from 1 to 10", "sigma:bad7 true must be a whole number from 1 to 10", "sigma:bad8 null must be a whole number from 1 to 10",
        ]);
    });
    it("a whole number as a string has no surrounding text", () => {
        for (const bad of ["7 ", "7x", "x7", "--7"]) {
            const read = reader({});
            assert.strictEqual(read.integerOf("n", bad, 4, 1, 10), 4, bad);
            assert.deepStrictEqual(read.problems, [`sigma:n ${JSON.stringify(bad)} must be a whole number from 1 to 10`]);
        }
    });
    it("booleans: true and false as YAML or strings, nothing else", () => {
        const read = reader({ "sigma:t": "true", "sigma:f": "false", "sigma:x": "True" });
        assert.deepStrictEqual([read.boolean("t", false), read.boolean("f", true), read.boolean("unset", true), read.boolean("x", false)], [true, false, true, false]);
        assert.deepStrictEqual([read.booleanOf("m.a", true, false), read.booleanOf("m.b", false, true), read.booleanOf("m.c", 1, true)], [true, false, true]);
        assert.deepStrictEqual(read.problems, ["sigma:x \"True\" must be true or false", "sigma:m.c 1 must be true or false"]);
    });
    it("JSON lists and objects: what is not JSON, not a list, not an object, or holds a non-string, each with the way to write it", () => {
        const read = reader({ "sigma:l": "[\"a\", 7, \"bad\"]", "sigma:notJson": "[a", "sigma:notJsonObject": "{a", "sigma:str": "\"x\"", "sigma:num": "3",
            "sigma:arr": "[1]", "sigma:nul": "null", "sigma:good": "[\"a\"]", "sigma:obj": "{\"a\":1}" });
        assert.strictEqual(read.stringList("l", (item) => (item === "bad" ? "is bad; use a" : undefined)), undefined);
        assert.strictEqual(read.stringList("notJson"), undefined);
        assert.strictEqual(read.object("notJsonObject"), undefined);
        assert.strictEqual(read.stringList("str"), undefined);
        assert.strictEqual(read.stringList("num"), undefined);
        assert.strictEqual(read.object("arr"), undefined);
        assert.strictEqual(read.object("nul"), undefined);
        assert.strictEqual(read.object("str"), undefined);
        assert.strictEqual(read.stringList("unset"), undefined);
        assert.strictEqual(read.object("unset"), undefined);
        assert.deepStrictEqual(read.stringList("good", () => undefined), ["a"]);
        assert.deepStrictEqual(read.stringList("good"), ["a"]);
        assert.deepStrictEqual(read.object("obj"), { a: 1 });
        assert.deepStrictEqual(read.json("obj", "object"), { a: 1 });
        assert.deepStrictEqual(read.problems, [
            "sigma:l[1] 7 is not a string; write each entry as a string",
            "sigma:l[2] \"bad\" is bad; use a",
            "sigma:notJson \"[a\" is not a list; set it as a YAML list in the stack file or with pulumi config set --path 'sigma:notJson[0]' <value>",
            "sigma:notJsonObject \"{a\" is not an object; set it as a YAML object in the stack file or with pulumi config set --path 'sigma:notJsonObject.<member>' <value>",
            "sigma:str \"x\" is not a list; write it as a YAML list, e.g. sigma:str: [\"x\"]",
            "sigma:num 3 is not a list; write it as a YAML list, e.g. sigma:num: [\"...\"]",
            "sigma:arr [1] is not an object; write it as YAML key: value pairs under sigma:arr, or set one member with pulumi config set --path 'sigma:arr.<member>' <value>",
            "sigma:nul null is not an object; write it as YAML key: value pairs under sigma:nul, or set one member with pulumi config set --path 'sigma:nul.<member>' <value>",
        ]);
    });
    it("judges schedules from the instant it is given, now by default", () => {
        const at = new Date("2026-01-01T00:00:00Z");
        assert.strictEqual(new ConfigReader(mapConfigSource({}), at).now, at);
        assert.ok(Math.abs(reader({}).now.getTime() - Date.now()) < 60000);
    });
});

describe("nearest spelling (stacks/config/nearest.ts)", () => {
    it("edit distance: insertions, deletions, substitutions, case ignored", () => {
        assert.deepStrictEqual([editDistance("kitten", "sitting"), editDistance("", "abc"), editDistance("abc", ""), editDistance("ABC", "abc"), editDistance("ab", "ba"), editDistance("abc", "abd")],
            [3, 3, 3, 0, 2, 1]);
    });
    it("suggests within max(2, a third of the input's length) edits, or a candidate the input starts, else nothing", () => {
        assert.strictEqual(nearest("retention", ["retentionDays", "frequency"]), "retentionDays");
        assert.strictEqual(nearest("ret", ["retentionDays"]), undefined);
        assert.strictEqual(nearest("RETE", ["retentionDays", "reteX"]), "reteX");
        assert.strictEqual(nearest("rete", ["xretention", "retentionDays", "retentionHours"]), "retentionDays");
        assert.strictEqual(nearest("ab", ["cd"]), "cd");
        assert.strictEqual(nearest("ab", ["cde"]), undefined);
        assert.strictEqual(nearest("abcdefghi", ["abcxyzghi"]), "abcxyzghi");
        assert.strictEqual(nearest("abcdefghi", ["abwxyzghi"]), undefined);
        assert.strictEqual(nearest("frequncy", ["frequency", "frequencies"]), "frequency");
        assert.strictEqual(nearest("aa", ["ab", "ba"]), "ab");
        assert.strictEqual(nearest("x", []), undefined);
    });
});

describe("stack config helpers: accepted fixes, defaults, suggestions", () => {
    const { withAcceptedFix } = require("../../stacks/config/common") as typeof import("../../stacks/config/common");
    const { defaultOf } = require("../../stacks/config/keys") as typeof import("../../stacks/config/keys");
    it("replaces only a trailing 'use <fix>' that would itself be refused", () => {
        assert.strictEqual(withAcceptedFix("is bad; use a, or use b", (fix) => fix !== "b", "ex"), "is bad; use a, or use ex");
        assert.strictEqual(withAcceptedFix("is bad; use a, or use b", () => true, "ex"), "is bad; use a, or use b");
        assert.strictEqual(withAcceptedFix("is bad; use b and more", () => false, "ex"), "is bad; use b and more");
    });
    it("a key without a default is a programming error that names the key", () => {
        assert.strictEqual(defaultOf<string>("sigma:topology"), "single-az");
        assert.throws(() => defaultOf("sigma:nosuch"), { message: "sigma:nosuch has no default in CONFIG_DEFAULTS" });
        assert.throws(() => defaultOf("toString"), { message: "toString has no default in CONFIG_DEFAULTS" });
    });
    it("a value outside the list without a suggester gets the list only", () => {
        const read = new ConfigReader(mapConfigSource({}));
        assert.strictEqual(read.oneOfValue("m.z", "bad", ["a", "b"] as const, "a"), "a");
        assert.deepStrictEqual(read.problems, ["sigma:m.z \"bad\" is not supported; use one of a, b"]);
    });
});
