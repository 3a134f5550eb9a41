#!/usr/bin/env node
// The installed command: makes sure the build is current, then runs the built CLI.
import { ensureBuilt } from '../scripts/ensure-built.js';

await ensureBuilt({ quiet: true });
const { runCli } = await import('../out/main/cli.js');
process.exitCode = await runCli(process.argv.slice(2));
