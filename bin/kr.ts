#!/usr/bin/env node
// The `kr` executable: hands argv to src/cli and exits with its code. Nothing else.
import { finish, main } from '../src/cli/main.js';

finish(await main(process.argv.slice(2)));
