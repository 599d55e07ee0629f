import * as assert from "assert";
import type { ConfigError, SigmaConfig } from "../../stacks/config";

// The caller passes its own ConfigError: a synth in the same worker reloads stacks/, and with it the class.

/** One row per bad config: a label, the keys to set (undefined unsets) and the text the error must contain. */
export type ConfigRow = [string, Record<string, string | undefined>, RegExp];

/** One `it` per row: parsing must throw a ConfigError whose message matches. */
export function refusesConfigRows(parse: (values: Record<string, string | undefined>) => SigmaConfig, rows: ConfigRow[],
    errorClass: typeof ConfigError): void {
    for (const [label, values, message] of rows) {
        it(`refuses ${label}`, () => {
            assert.throws(() => parse(values), (err: Error) => {
                assert.ok(err instanceof errorClass, "a ConfigError");
                assert.match(err.message, message);
                return true;
            });
        });
    }
}
