// The suite loads TypeScript through scripts/transpileHook.js (esbuild, cached on disk; ts-node's transpile-only
// cost a third more CPU). Under ts-node (`-r ts-node/register/transpile-only`, as Stryker runs the tests), ts-node
// installs source-map-support, which maps every stack trace through source maps. Pulumi captures a
// full stack trace for every resource it registers, so under ts-node that mapping dominated the suite's run
// time. Assertion messages carry the facts a failing test needs; stack traces here show transpiled positions.
Error.prepareStackTrace = undefined;
