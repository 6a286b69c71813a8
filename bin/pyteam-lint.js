#!/usr/bin/env node
// Thin launcher: hands argv to the bundled CLI (npm run build writes dist/).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
