#!/usr/bin/env node
// `--version` alone is answered before the command line module loads: it is the
// one call scripts make in a loop, and loading commander and the error model
// would double its cost over Node's own start-up.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { TOOL } = await import('../dist/tool.js');
  process.stdout.write(`${TOOL.version}\n`);
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
}
