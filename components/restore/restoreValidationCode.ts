import { loadLambdaCode, singleFileLambda } from "./lambdaCode";

/** Where the restore validator's code comes from: restoreValidationHandler.js as built, or its .ts transpiled. */
export const RESTORE_VALIDATION_CODE = singleFileLambda("the restore validator", "restoreValidationHandler");

/**
 * The restore validator Lambda's JavaScript, one self-contained CommonJS file. The published library ships
 * restoreValidationHandler.js next to this module (npm run build compiles components/**), which is used as is; run
 * from source the .ts is transpiled with esbuild through lambdaCode.ts's disk cache (loadLambdaCode, as for the
 * restore handler). Its imports are Node's http and the AWS SDK v3 clients the Node.js Lambda runtime ships, so
 * nothing is bundled and the code hash changes only when the handler does.
 */
export function restoreValidationCode(dir: string = __dirname): string {
    let code = codeByDir.get(dir);
    if (code === undefined) {
        code = loadLambdaCode(RESTORE_VALIDATION_CODE, dir);
        codeByDir.set(dir, code);
    }
    return code;
}

/** One load per process: a program that synthesises several stacks reuses it. */
const codeByDir = new Map<string, string>();
