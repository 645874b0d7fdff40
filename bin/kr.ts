#!/usr/bin/env node
// The `kr` executable: hands argv to src/cli and sets the exit code. Nothing else.
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
