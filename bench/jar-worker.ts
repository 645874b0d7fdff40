// `node dist/bench/jar-worker.js <jar> <url>`: the jar-level sign-out as its own process,
// so it can be timed and its peak RSS measured like kr and the Python peer.

import { signOutWithJarModule } from './jar-sign-out.js';

const [jarPath, url] = process.argv.slice(2);
const removed = await signOutWithJarModule(jarPath, url);
process.stdout.write(`${removed}\n`);
