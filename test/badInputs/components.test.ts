import * as assert from "assert";
import { registered, useMocks } from "../helpers";
import { componentRows } from "./componentRows";

describe("bad component arguments: refused before anything is registered, with an accepted fix", () => {
    for (const row of componentRows) {
        it(`${row.component}: ${row.label}`, async () => {
            const mocks = await useMocks();
            let refusal: unknown;
            try {
                row.build(row.bad);
            } catch (err) {
                refusal = err;
            }
            assert.ok(refusal instanceof Error, "the bad args were accepted");
            assert.match(refusal.message, new RegExp(`^${row.component} "sigma" has invalid args:`));
            assert.match(refusal.message, row.message);
            assert.deepStrictEqual((await registered(mocks)).map((r) => r.urn), [], "something was registered before the refusal");

            const fixed = await useMocks();
            row.build(row.fix);
            const urns = (await registered(fixed)).map((r) => r.urn);
            assert.ok(urns.some((urn) => urn.endsWith(`${row.component}::sigma`)), `the fix ${JSON.stringify(row.fix)} was not accepted`);
        });
    }
});
