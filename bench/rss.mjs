// Runs a Node script (argv[2..]) in this process and prints its peak RSS to stderr on exit.
const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
process.on("exit", () => process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\n`));
await import(new URL(script, `file://${process.cwd()}/`).href);
